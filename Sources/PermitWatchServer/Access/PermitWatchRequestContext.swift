import Hummingbird
import HummingbirdAuth
import NIOCore
import PermitWatch

/// The context of every request: Hummingbird's core, the identity a valid bearer token stands
/// for (`BearerTokenAuthenticator`), and the client's address, which failed attempts are
/// counted by.
public struct PermitWatchRequestContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: AccessIdentity?
    /// The peer's IP address, nil when there is none (the router test client).
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        clientAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// Roles as Hummingbird's `RolePolicy` reads them: a role holds itself and every role below it.
extension AccessIdentity: RoleProviding {
    public var roles: Set<AccessIdentity.Role> { Set(AccessIdentity.Role.allCases.filter { $0 <= role }) }
}
