// The min-api envelope. Errors come back with HTTP 200 and `Response: "Error"`, like the real API.

export type ErrorBody = {
  Response: 'Error';
  Message: string;
  HasWarning: boolean;
  Type: number;
  RateLimit: Record<string, unknown>;
  Data: Record<string, never>;
  ParamWithError?: string;
  Cooldown?: number;
};

export type SuccessBody<T> = {
  Response: 'Success';
  Message: '';
  HasWarning: false;
  Type: 100;
  RateLimit: Record<string, never>;
  Data: T;
};

export function success<T>(data: T): SuccessBody<T> {
  return { Response: 'Success', Message: '', HasWarning: false, Type: 100, RateLimit: {}, Data: data };
}

/** Type 2: a missing or unusable parameter, named in `ParamWithError`. */
export function paramError(param: string, message: string): ErrorBody {
  return {
    Response: 'Error',
    Message: message,
    HasWarning: false,
    Type: 2,
    RateLimit: {},
    Data: {},
    ParamWithError: param,
  };
}

export function requiredParam(param: string): ErrorBody {
  return paramError(param, `${param} is a required param.`);
}

export function tooLong(param: string, maxLength: number): ErrorBody {
  return paramError(
    param,
    `${param} param is invalid. (${param} length is higher than maxlength: ${maxLength})`,
  );
}

/** Type 1: the pair does not trade on the requested market (or at all). */
export function pairError(base: string, quote: string): ErrorBody {
  return {
    Response: 'Error',
    Message: `cccagg_or_exchange market does not exist for this coin pair (${base}-${quote})`,
    HasWarning: false,
    Type: 1,
    RateLimit: {},
    Data: {},
    Cooldown: 0,
  };
}

export function pathError(): ErrorBody {
  return {
    Response: 'Error',
    Message: 'Path does not exist',
    HasWarning: false,
    Type: 1,
    RateLimit: {},
    Data: {},
  };
}

/** Type 99, with the counters and the limits, like the real over-limit answer. */
export function rateLimitError(
  callsMade: Record<string, number>,
  maxCalls: Record<string, number>,
): ErrorBody {
  return {
    Response: 'Error',
    Message: 'You are over your rate limit please upgrade your account!',
    HasWarning: false,
    Type: 99,
    RateLimit: { calls_made: callsMade, max_calls: maxCalls },
    Data: {},
  };
}

/** What min-api answers (HTTP 401) since keys became mandatory. */
export const unauthorizedBody = {
  Data: {},
  Err: {
    type: 2,
    message: 'API key required, please refer to the documentation at https://developers.coindesk.com/',
    http_status_code: 401,
  },
};
