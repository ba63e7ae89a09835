import Hummingbird
import PermitWatch
import Store

/// Turns every error into a problem document with the right status: the router's own 404s
/// and 405s, the catalog's parameter errors (400), the store's time limit (503), and anything
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
        case let error as QueryError:
            return QueriesController.problem(for: error)
        case let error as StoreError where error.isInterruption:
            return Problem(status: .serviceUnavailable, title: "Time limit", detail: error.description)
        case let error as HTTPError:
            let title = error.status.reasonPhrase
            return Problem(status: error.status, title: title, detail: error.body ?? "\(title): \(error.status.code)")
        case let error as any HTTPResponseError:
            return Problem(status: error.status, title: error.status.reasonPhrase, detail: "\(error)")
        default:
            context.logger.error("request failed", metadata: ["error.message": "\(error)"])
            return Problem(status: .internalServerError, title: "Internal error", detail: "the server failed to answer; the error is in its log")
        }
    }
}
