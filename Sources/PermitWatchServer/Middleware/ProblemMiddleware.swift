import Hummingbird
import PermitWatch

/// Turns every error into a problem document with the right status, in this one place: the
/// library's classified errors by their kind, the router's own 404s and 405s, and anything
/// unexpected (500, logged, with no internals in the response).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Self.problem(for: error, context: context).response(from: request, context: context)
        }
    }

    static func problem(for error: any Error, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let busy as ServerBusy:
            return Problem(
                status: .serviceUnavailable, title: "Busy", detail: busy.description, headers: [.retryAfter: String(busy.retryAfter)])
        case let error as any ClassifiedError:
            return problem(for: error, context: context)
        case let error as HTTPError where error.status == .unauthorized:
            // Hummingbird's authorization middleware, for a route that needs a role and got no token.
            return AccessProblem.unauthenticated("this request needs a bearer token")
        case let error as HTTPError:
            let title = error.status.reasonPhrase
            return Problem(status: error.status, title: title, detail: error.body ?? "\(title): \(error.status.code)")
        case let error as any HTTPResponseError:
            return Problem(status: error.status, title: error.status.reasonPhrase, detail: "\(error)")
        default:
            return internalError(error, context: context)
        }
    }

    /// A library error by its kind; the message is the HTTP API's wording (`min_points=0`).
    private static func problem(for error: any ClassifiedError, context: Context) -> Problem {
        let detail = error.message(for: .http)
        switch error.kind {
        case .usage, .rejected:
            return Problem(status: .badRequest, title: error.parameter == nil ? "Request refused" : "Invalid parameter", detail: detail, parameter: error.parameter)
        case .notFound:
            return Problem(status: .notFound, title: "Not found", detail: detail, parameter: error.parameter)
        case .conflict:
            return Problem(status: .conflict, title: "Conflict", detail: detail, parameter: error.parameter)
        case .timeLimit:
            return Problem(status: .serviceUnavailable, title: "Time limit", detail: detail)
        case .busy:
            return Problem(status: .serviceUnavailable, title: "Busy", detail: detail, headers: [.retryAfter: "1"])
        case .misconfigured:
            context.logger.error("misconfigured", metadata: ["error.message": "\(detail)"])
            return Problem(status: .internalServerError, title: "Broken query file", detail: detail)
        case .database, .internal:
            return internalError(error, context: context)
        }
    }

    private static func internalError(_ error: any Error, context: Context) -> Problem {
        context.logger.error("request failed", metadata: ["error.message": "\(error)"])
        return Problem(status: .internalServerError, title: "Internal error", detail: "the server failed to answer; the error is in its log")
    }
}
