// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are compose syntax, not templates
import { interpolate } from './interpolate';

describe('compose interpolation', () => {
  it('applies defaults, set values, escapes and required markers like compose', () => {
    const input = ['${A:-x}', '${B-y}', '$${C}', '${D:?needed}', 'pre-${E}-post', '${F:+alt}'];
    const { value, missing } = interpolate(input, { B: '', E: 'e', F: 'f' });
    expect(value).toEqual(['x', '', '${C}', '', 'pre-e-post', 'alt']);
    expect(missing).toEqual(['D']);
  });
});
