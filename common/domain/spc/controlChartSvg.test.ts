import { describe, expect, it } from 'vitest';
import { controlChartSceneSvg } from './controlChartSvg';
import type { ControlChartScene, ControlChartSvgStyle } from './controlChartSvg';

const look = { fill: '#111' };
const style = (frame: 'box' | 'axes'): ControlChartSvgStyle => ({
  font: 'DejaVu Sans',
  titleAnchor: 'middle',
  text: { title: { size: 17, weight: 700, fill: '#111' }, yTick: look, xTick: look, axisTitle: look, stage: look, limit: {}, signal: { weight: 700 }, legend: look },
  below: { xTick: 18, xTitle: 40 },
  stageAnchor: 'middle',
  frame: { kind: frame, color: '#222' },
  grid: frame === 'axes' ? '#ddd' : undefined,
  stageLine: { color: '#888', dash: '2 3' },
  colors: { cl: '#0a0', limit: '#d50', line: '#07b', signal: '#c00' },
  limitDash: '6 4',
  pointRadius: 3,
  signalRadius: 4.5,
});
const scene: ControlChartScene = {
  width: 400,
  height: 200,
  title: { x: 200, y: 24, text: 'p95 <b>&</b>' },
  panels: [
    {
      top: 0,
      frame: { x: 50, y: 30, w: 300, h: 120 },
      yTicks: [{ pos: 150, text: '0' }, { pos: 90.12345, text: '5' }],
      xTicks: [{ pos: 50, text: "d'1" }],
      yTitle: 'I (ms)',
      xTitle: 'Subgroup',
      stages: [{ label: { x: 100, y: 24, text: 'Before' } }, { boundary: 200, label: { x: 280, y: 24, text: '<After>' } }],
      limits: [{ kind: 'ucl', path: 'M50,40L350,40', label: { x: 356, y: 44, text: 'UCL 9' } }, { kind: 'cl', path: 'M50,90L350,90' }],
      series: [{ path: 'M50,100L350,60', color: '#07b' }],
      points: [{ x: 50, y: 100 }],
      signals: [{ x: 350, y: 60, label: { x: 350, y: 52, text: '1,5' } }],
    },
  ],
  legend: [{ x: 58, y: 186, text: 'value', swatch: { kind: 'dot', x: 50, r: 4, color: '#07b' } }],
};

describe('controlChartSceneSvg', () => {
  it('draws the scene as one standalone SVG with every text escaped', () => {
    const svg = controlChartSceneSvg(scene, style('axes'));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('>p95 &lt;b&gt;&amp;&lt;/b&gt;</text>');
    expect(svg).toContain('>&lt;After&gt;</text>');
    expect(svg).toContain('>d&#39;1</text>');
    expect(svg).not.toMatch(/<b>|<After>/);
  });
  it('marks signals with a dot and their test numbers, dashes the limits but not the centre line', () => {
    const svg = controlChartSceneSvg(scene, style('axes'));
    expect(svg.match(/<circle[^>]*fill="#c00"/g)).toHaveLength(1);
    expect(svg).toContain('font-weight="700" text-anchor="middle" fill="#c00">1,5</text>');
    expect(svg).toContain('<path d="M50,40L350,40" fill="none" stroke="#d50" stroke-width="1.5" stroke-dasharray="6 4"/>');
    expect(svg).toContain('<path d="M50,90L350,90" fill="none" stroke="#0a0" stroke-width="1.5"/>');
    expect(svg).toContain('stroke="#888" stroke-dasharray="2 3"');
    expect(svg).toContain('y1="90.123"'); // coordinates to 3 decimals
  });
  it('frames the plot with a box or with axis lines and grid', () => {
    expect(controlChartSceneSvg(scene, style('box'))).toContain('<rect x="50" y="30" width="300" height="120" fill="none" stroke="#222"/>');
    const axes = controlChartSceneSvg(scene, style('axes'));
    expect(axes).not.toContain('fill="none" stroke="#222"/>');
    expect(axes).toContain('stroke="#ddd" stroke-width="1"');
  });
});
