/// How a source came to its town.
public enum Placement: String, Sendable, Equatable, CaseIterable {
    /// The point lies in the town's polygon.
    case inside
    /// The point lay in no polygon and was moved to the nearest town within the snap distance.
    case snapped
    /// The point lay in no polygon and no town was near enough.
    case unassigned
}
