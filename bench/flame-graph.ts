/** A frame of a call tree with its inclusive sample count. */
export interface FlameNode {
  name: string;
  value: number;
  children: FlameNode[];
}

const WIDTH = 1600;
const ROW = 17;
// Frames narrower than this are left out: unreadable, and thousands of them make the file heavy.
const MIN_WIDTH = 0.3;

function escape(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`,
  );
}

/** Warm colours for our code, cooler for dependencies, grey for V8 and Node's own. */
function colour(name: string): string {
  if (/node_modules/.test(name)) return 'hsl(200, 55%, 70%)';
  if (/ (gateway|packages|subgraphs|launcher)\//.test(name)) return 'hsl(25, 85%, 62%)';
  if (/node:|^\(/.test(name)) return 'hsl(0, 0%, 78%)';
  return 'hsl(45, 80%, 65%)';
}

/**
 * An SVG flame graph (root at the bottom, callees above, width by samples), in the style of
 * Brendan Gregg's: each frame's full name and share in its tooltip. No script, so any viewer shows it.
 */
export function flameGraphSvg(root: FlameNode, title: string): string {
  const rects: string[] = [];
  let depth = 0;
  const scale = WIDTH / Math.max(root.value, 1);
  const draw = (node: FlameNode, x: number, level: number) => {
    const width = node.value * scale;
    if (width < MIN_WIDTH) return;
    depth = Math.max(depth, level);
    rects.push(
      `<g><title>${escape(node.name)} (${((100 * node.value) / root.value).toFixed(2)}%)</title>` +
        `<rect x="${x.toFixed(1)}" y="${level}" width="${width.toFixed(1)}" height="${ROW - 1}" fill="${colour(node.name)}"/>` +
        (width > 40
          ? `<text x="${(x + 3).toFixed(1)}" y="${level}" dy="12">${escape(node.name.slice(0, Math.floor(width / 7)))}</text>`
          : '') +
        '</g>',
    );
    let childX = x;
    for (const child of node.children) {
      draw(child, childX, level + 1);
      childX += child.value * scale;
    }
  };
  draw(root, 0, 0);
  const height = (depth + 1) * ROW + 30;
  // Levels were drawn top-down; flip them so that the root sits at the bottom.
  const body = rects
    .join('\n')
    .replace(/ y="(\d+)"/g, (_, level: string) => ` y="${height - (Number(level) + 1) * ROW}"`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">
<text x="4" y="16" font-size="14">${escape(title)}</text>
${body}
</svg>
`;
}
