// The dashboard's charts, drawn with ECharts (served by the service from its WebJar).
import { api } from './api.js';
import { label } from './format.js';

const charts = {};

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id));
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

export async function loadCharts() {
  const s = await api('/statistics?days=56');
  document.getElementById('count-open').textContent = s.open;
  document.getElementById('count-acknowledged').textContent = s.acknowledged;

  chart('chart-reasons').setOption({
    tooltip: {},
    xAxis: { type: 'category', data: s.openByReason.map((c) => label(c.key)), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'Open cases', type: 'bar', data: s.openByReason.map((c) => c.count) }],
  }, true);

  const days = [...new Set([...s.openedPerDay, ...s.breachesPerDay].map((c) => c.key))].sort();
  const on = (list) => days.map((d) => list.find((c) => c.key === d)?.count ?? 0);
  chart('chart-daily').setOption({
    tooltip: { trigger: 'axis' },
    legend: {},
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'Cases opened', type: 'bar', data: on(s.openedPerDay) },
      { name: 'Breaches', type: 'bar', data: on(s.breachesPerDay) },
    ],
  }, true);

  chart('chart-times').setOption({
    tooltip: { trigger: 'axis' },
    legend: {},
    xAxis: { type: 'category', data: s.perWeek.map((w) => w.week) },
    yAxis: { type: 'value', name: 'min' },
    series: [
      { name: 'Acknowledge, median', type: 'line', data: s.perWeek.map((w) => w.acknowledgeMedianMinutes) },
      { name: 'Acknowledge, p90', type: 'line', data: s.perWeek.map((w) => w.acknowledgeP90Minutes) },
      { name: 'Resolve, median', type: 'line', data: s.perWeek.map((w) => w.resolveMedianMinutes) },
      { name: 'Resolve, p90', type: 'line', data: s.perWeek.map((w) => w.resolveP90Minutes) },
    ],
  }, true);
}
