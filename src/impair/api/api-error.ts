// Errors of the Toxiproxy-compatible API: a message and an HTTP status, serialised exactly as Toxiproxy
// does ({"error": "...", "status": N}). The HTTP layer renders them; nothing below it knows HTTP.

/** An API failure with the HTTP status Toxiproxy 2.x answers for it. */
export class ApiError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }

  /** Toxiproxy's error body shape. */
  toJSON(): { error: string; status: number } {
    return { error: this.message, status: this.status };
  }

  /** Toxiproxy's joinError: "<wrapper message>: <detail>", wrapper status. */
  static join(wrapper: ApiError, detail: string): ApiError {
    return new ApiError(`${wrapper.message}: ${detail}`, wrapper.status);
  }
}

// The fixed errors Toxiproxy 2.x defines in api.go, same text, same status.
export const ErrBadRequestBody = new ApiError('bad request body', 400);
export const ErrMissingField = new ApiError('missing required field', 400);
export const ErrProxyNotFound = new ApiError('proxy not found', 404);
export const ErrProxyAlreadyExists = new ApiError('proxy already exists', 409);
export const ErrInvalidStream = new ApiError('stream was invalid, can be either upstream or downstream', 400);
export const ErrInvalidToxicType = new ApiError('invalid toxic type', 400);
export const ErrToxicAlreadyExists = new ApiError('toxic already exists', 409);
export const ErrToxicNotFound = new ApiError('toxic not found', 404);

/** Any other failure (listen errors, internal faults) is a 500 with the error's own message, as in Go. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(err instanceof Error ? err.message : String(err), 500);
}
