/*
 * recert/error.h: status codes, and the detail of the last failure.
 *
 * Every fallible librecert function returns a recert_code; 0 is RECERT_OK.
 * Codes are never renumbered or reused: a retired code keeps its number.
 * The detail of a failure (HTTP status, the server's ErrorResponseDto,
 * tracking id, message) is kept on the client handle and read with
 * recert_client_last_error() (recert/client.h).
 */
#ifndef RECERT_ERROR_H
#define RECERT_ERROR_H

#include <stddef.h>

#include "common.h"

RECERT_BEGIN_DECLS

typedef enum recert_code {
    RECERT_OK = 0,
    RECERT_EINVALID = 1,    /**< invalid argument (NULL, empty id, wrong struct version) */
    RECERT_ENOMEM = 2,      /**< out of memory */
    RECERT_ECONFIG = 3,     /**< no usable base URL or credentials */
    RECERT_ENETWORK = 4,    /**< connection, DNS, TLS or timeout failure */
    RECERT_EAUTH = 5,       /**< HTTP 401, or the token endpoint refused the credentials */
    RECERT_EFORBIDDEN = 6,  /**< HTTP 403 */
    RECERT_ENOTFOUND = 7,   /**< HTTP 404 */
    RECERT_EBADREQUEST = 8, /**< HTTP 400: the server rejected the request's content */
    RECERT_ERATELIMIT = 9,  /**< HTTP 429, still limited after the allowed retries */
    RECERT_ESERVER = 10,    /**< HTTP 5xx, still failing after the allowed retries */
    RECERT_EHTTP = 11,      /**< any other unexpected HTTP status */
    RECERT_EPROTOCOL = 12,  /**< a response that is not what the API specifies */
    RECERT_ITEROVER = 13    /**< not a failure: an iterator has no more items */
} recert_code;

/** A static, one-line English description of a code. Never NULL. */
RECERT_EXTERN const char *recert_strerror(recert_code code);

/** ErrorMessageDto. Strings are NULL when absent or null. */
typedef struct recert_error_message {
    char *locale;         /**< BCP 47 tag, e.g. "en-US" */
    char *locale_origin;  /**< "DEFAULT", "REQUEST" */
    char *text;
} recert_error_message;

/** ErrorResponseDto, as the server sent it. */
typedef struct recert_error_response {
    char *detail_code;              /**< e.g. "400.1 Bad Request Content" */
    char *tracking_id;
    recert_error_message *messages; /**< message_count entries */
    size_t message_count;
    recert_error_message *causes;   /**< cause_count entries */
    size_t cause_count;
} recert_error_response;

/**
 * The last failure on a client. Borrowed from the client: valid until the
 * next call that uses the client, or recert_client_free(). After a
 * successful call code is RECERT_OK and the strings are "".
 */
typedef struct recert_error {
    recert_code code;
    int http_status;          /**< status of the last response; 0 if none was received */
    const char *message;      /**< one line: the server's message texts ("; "-joined), the
                                   401/429/OAuth error text, or librecert's own; never NULL */
    const char *detail_code;  /**< ErrorResponseDto.detailCode, or ""; never NULL */
    const char *tracking_id;  /**< ErrorResponseDto.trackingId, else the SLPT-Request-ID
                                   header, or ""; never NULL */
    int retry_after;          /**< seconds from Retry-After of the last response; -1 if none */
    const recert_error_response *response; /**< the decoded body, or NULL if it was not an
                                                ErrorResponseDto */
} recert_error;

RECERT_END_DECLS

#endif
