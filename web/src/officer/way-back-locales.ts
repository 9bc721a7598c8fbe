/** The way-back texts of the officer view. */
export const zhCN = {
  officer: {
    wayBack: {
      tool: '原路',
      on: '原路返回：沿自己走过的路线回到出发点',
      off: '结束原路返回，恢复指向目标',
      mode: '原路返回 · 到出发点',
      offTrack: '偏离来路 {{distance}}，先回到来路',
      arrived: '已回到出发点',
      start: '出发点',
    },
  },
};

export const en: typeof zhCN = {
  officer: {
    wayBack: {
      tool: 'Back',
      on: 'Way back: follow your own track back to where you set out',
      off: 'Stop the way back and point at the target again',
      mode: 'Way back · to the start',
      offTrack: '{{distance}} off your track: get back onto it first',
      arrived: 'Back at the start',
      start: 'Start',
    },
  },
};
