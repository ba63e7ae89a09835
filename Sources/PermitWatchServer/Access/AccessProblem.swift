import Hummingbird
import HummingbirdAuth
import PermitWatch

/// The answers to a request its token does not allow, and the middleware that gives them.
enum AccessProblem {
    typealias Role = AccessIdentity.Role

    /// 401: no valid token. `WWW-Authenticate: Bearer` tells a client what to send.
    static func unauthenticated(_ detail: String) -> Problem {
        Problem(
            status: .unauthorized, title: "Token required",
            detail: detail + "; send `Authorization: Bearer TOKEN` (`permitwatch token create` makes one)",
            headers: [.wwwAuthenticate: "Bearer realm=\"permitwatch\""])
    }

    /// 403: a valid token whose role is below the one the request needs.
    static func forbidden(_ required: Role) -> Problem {
        Problem(status: .forbidden, title: "Role too weak", detail: "this request needs a token of role \(required.rawValue) or above")
    }

    /// Route-group middleware that lets through only a token of `role` or above: Hummingbird's
    /// `RolePolicy`, answering 401 without a token (mapped by `ProblemMiddleware`) and 403 below it.
    static func requiring(_ role: Role) -> AuthorizationPolicyMiddleware<RolePolicy<AccessIdentity>, PermitWatchRequestContext, Problem> {
        AuthorizationPolicyMiddleware(RolePolicy(role), deniedError: forbidden(role))
    }

    /// The same check inside a handler, for a request whose need depends on its parameters
    /// (a weekly report of the whole province).
    static func check(_ role: Role, in context: PermitWatchRequestContext) throws {
        guard let identity = context.identity else { throw unauthenticated("this request needs a token of role \(role.rawValue) or above") }
        guard identity.holds(role) else { throw forbidden(role) }
    }
}
