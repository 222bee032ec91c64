/**
 * cdktf hook: how cdktf writes tokens into strings and numbers.
 *
 * Relies on (cdktf's private `tokens/private/encoding`, not public API):
 * - string, list and map tokens are strings holding `${TfToken[…]}`, `#{TfToken[…]}` and
 *   `&{TfToken[…]}` markers (`Token.asString`, `Token.asList`, `Token.asStringMap` keys);
 * - number and number-list tokens are negative doubles of magnitude 2^960 (≈ 1e289) and more;
 * - a number token written into a string is found again by cdktf's `NUMBER_TOKEN_REGEX`.
 *
 * Checked on cdktf 0.21.0. Guarded by `test/core/cdktf-contract.test.ts`
 * ("lib/core/private/cdktf/token-encoding.ts"). No imports: pure modules (what counts as a
 * credential) read it too.
 */

/** What every string (`${`), list (`#{`) and map (`&{`) token marker holds after its first character. */
export const TOKEN_MARKER = '{TfToken[';

/** Pattern source of a string token between `${` and `}`: `TfToken[TOKEN.1]`. */
export const STRING_TOKEN_BODY = 'TfToken\\[[^\\]]+\\]';

/**
 * How cdktf finds number tokens written into a string (its `NUMBER_TOKEN_REGEX`): a token is a
 * number in exponent notation, such as `-8.109562212591379e+298`.
 */
export const NUMBER_IN_STRING = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/g;

/**
 * cdktf encodes number and number-list tokens as negative doubles of magnitude 2^960 (≈ 1e289) and
 * more: a number above this cannot be one, and needs no decoding to tell.
 */
export const TOKEN_NUMBERS_BELOW = -1e280;
