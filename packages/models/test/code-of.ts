/** The `code` of the error `action` throws (`INVALID_ARGUMENT`, `NOT_FITTED` …), or `undefined` when it does not throw. */
export function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}
