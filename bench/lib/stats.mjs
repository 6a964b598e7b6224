export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation relative to the median, in percent: how noisy a figure is. */
export function spreadPercent(values) {
  const m = median(values);
  return m === 0 ? 0 : (median(values.map((v) => Math.abs(v - m))) / m) * 100;
}

export const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
