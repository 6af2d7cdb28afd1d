/**
 * The text of an error for a message box. JSON-RPC errors from the server carry a numeric code,
 * which is worth keeping: it tells a bug report whether the server crashed (-32603) or the
 * connection is down (-32097 / "Client is not running").
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'number' ? `${error.message} (code ${code})` : error.message;
  }
  return String(error);
}
