import Hummingbird
import HummingbirdAuth
import PermitWatch

/// Reads `Authorization: Bearer TOKEN` and puts who it stands for into the context; a request
/// without one goes on anonymous (the routes that need a role refuse it then).
///
/// A token that is not valid is refused here, 401, without saying why (unknown, revoked, of
/// another database): a guess learns nothing. An address that keeps presenting bad tokens is
/// answered 429 (`FailedAttemptLimiter`) before its tokens are even checked. The token itself
/// never reaches a log or a problem document.
struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = PermitWatchRequestContext
    typealias Identity = AccessIdentity

    let dependencies: ServerDependencies
    let limiter: FailedAttemptLimiter

    func authenticate(request: Request, context: Context) async throws -> AccessIdentity? {
        guard request.headers[.authorization] != nil else { return nil }
        guard let bearer = request.headers.bearer, !bearer.token.isEmpty else {
            throw AccessProblem.unauthenticated("the Authorization header is not `Bearer TOKEN`")
        }
        let address = context.clientAddress ?? "local"
        if let wait = limiter.waitBeforeTrying(address) {
            throw Problem(
                status: .tooManyRequests, title: "Too many refused tokens",
                detail: "\(limiter.limit) bearer tokens from this address were refused within \(Int(limiter.window)) s; try again in \(wait) s",
                headers: [.retryAfter: String(wait)])
        }
        let tokens = AccessTokens(store: dependencies.store), token = bearer.token
        let identity = try await dependencies.workers.run(.read) { try tokens.identity(presenting: token) }
        guard let identity else {
            limiter.recordFailure(address)
            throw AccessProblem.unauthenticated("the bearer token is not valid here (unknown, revoked, or of another database)")
        }
        return identity
    }
}
