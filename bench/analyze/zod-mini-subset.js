// Size experiment only (bench/analyze.mjs): the part of zod/mini's API that src/ uses, written by
// hand, to measure what replacing zod with plain validators would save. Not used by the SDK.
const ok = (data) => ({ success: true, data });
const fail = (path) => ({ success: false, error: { issues: [{ path }] } });

function schema(test) {
  const self = {
    checks: [],
    run(value, path) {
      const result = test(value, path);
      if (!result.success) return result;
      for (const check of self.checks) if (!check(result.data)) return fail(path);
      return result;
    },
    check(...checks) {
      const next = schema(test);
      next.checks = [...self.checks, ...checks];
      return next;
    },
    safeParse: (value) => self.run(value, []),
  };
  return self;
}

const typed = (type) => schema((v, path) => (typeof v === type ? ok(v) : fail(path)));
export const string = () => typed('string');
export const boolean = () => typed('boolean');
export const int = () => schema((v, path) => (Number.isSafeInteger(v) ? ok(v) : fail(path)));
export const minLength = (n) => (v) => v.length >= n;
export const positive = () => (v) => v > 0;
export const refine = (fn) => fn;
export const optional = (inner) => schema((v, path) => (v === undefined ? ok(v) : inner.run(v, path)));
export const union = (options) =>
  schema((v, path) => {
    for (const option of options) {
      const result = option.run(v, path);
      if (result.success) return result;
    }
    return fail(path);
  });
export const array = (item) =>
  schema((v, path) => {
    if (!Array.isArray(v)) return fail(path);
    const out = [];
    for (let i = 0; i < v.length; i++) {
      const result = item.run(v[i], [...path, i]);
      if (!result.success) return result;
      out.push(result.data);
    }
    return ok(out);
  });
export const looseObject = (shape) =>
  schema((v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(path);
    const out = { ...v };
    for (const key of Object.keys(shape)) {
      const result = shape[key].run(v[key], [...path, key]);
      if (!result.success) return result;
      if (result.data !== undefined) out[key] = result.data;
    }
    return ok(out);
  });
