import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from './echarts.ts';

declare global {
  interface Window {
    __charts?: Record<string, ReturnType<typeof echarts.init>>;
  }
}

/**
 * One ECharts chart: made on mount, given each new option, resized with its box, disposed on unmount. The
 * wrapper carries `data-rendered` once ECharts finished drawing (the browser test waits for it).
 */
export function ReportChart({ option, label, testId }: { option: ChartOption; label: string; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('finished', () => el.setAttribute('data-rendered', 'true'));
    // The browser tests read the drawn bars from here (like window.__lookout for the map).
    (window.__charts ??= {})[testId] = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
      if (window.__charts?.[testId] === c) delete window.__charts[testId];
    };
  }, [testId]);

  useEffect(() => {
    box.current?.removeAttribute('data-rendered');
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="report-chart" role="img" aria-label={label} data-testid={testId} />;
}
