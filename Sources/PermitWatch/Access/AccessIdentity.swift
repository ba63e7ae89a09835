import Store

/// Who presented a valid bearer token: the name written into the events they make, and the
/// role that decides what they may do.
public struct AccessIdentity: Sendable, Equatable {
    public typealias Role = AccessTokenRecord.Role

    public let name: String
    public let role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    /// Whether the identity may do what `required` may: roles are ordered, each including the
    /// ones before it.
    public func holds(_ required: Role) -> Bool { role >= required }
}
