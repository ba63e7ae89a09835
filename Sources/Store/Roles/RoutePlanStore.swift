/// Stored route plans, served as the `routes` collection: a role of the store (see
/// `EnforcementStore`).
public protocol RoutePlanStore: Sendable {
    /// Stores a plan with one path per team; returns its id.
    func storeRoutePlan(_ plan: RoutePlanRecord) throws -> Int64
}
