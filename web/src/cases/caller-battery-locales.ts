/** The caller's battery texts: the case panel, the map, the timeline and the board. */
export const zhCN = {
  callerBattery: {
    level: '电量 {{level}}%',
    title: '报警人手机电量',
    lasts: '电量约可维持 {{minutes}} 分钟',
    lastsAtLeast: '电量约可维持 {{minutes}} 分钟以上',
    empty: '电量即将耗尽',
    charging: '正在充电',
    steady: '电量平稳',
    unknown: '读数太少，暂无法估算',
    rate: '{{rate}}%/小时',
    basis: '根据最近 {{count}} 次回传',
    lastReading: '{{level}}%（{{age}}）',
    silent: '报警人页面已 {{minutes}} 分钟无回传，最后电量 {{level}}%',
    older: '另有 {{count}} 个较早位置（见地图）',
    silentBanner: '报警人可能已关机：{{title}}（{{minutes}} 分钟无回传，电量 {{level}}%）',
  },
  caseTimeline: {
    types: { caller_silent_low_battery: '报警人低电量失联' },
    detail: { callerSilent: '最后回传 {{time}}，电量 {{level}}%' },
  },
};

export const en: typeof zhCN = {
  callerBattery: {
    level: 'battery {{level}}%',
    title: "Caller's battery",
    lasts: 'battery lasts about {{minutes}} min',
    lastsAtLeast: 'battery lasts more than {{minutes}} min',
    empty: 'battery about to die',
    charging: 'charging',
    steady: 'battery steady',
    unknown: 'too few readings for an estimate',
    rate: '{{rate}} %/h',
    basis: 'from the last {{count}} reports',
    lastReading: '{{level}}% ({{age}})',
    silent: "Caller's page silent for {{minutes}} min, last battery {{level}}%",
    older: '{{count}} earlier locations (on the map)',
    silentBanner: 'Caller may have lost power: {{title}} ({{minutes}} min silent, battery {{level}}%)',
  },
  caseTimeline: {
    types: { caller_silent_low_battery: 'caller silent with a low battery' },
    detail: { callerSilent: 'last report {{time}}, battery {{level}}%' },
  },
};
