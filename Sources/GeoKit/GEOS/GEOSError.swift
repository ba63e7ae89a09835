/// Everything that can go wrong in the GEOS bridge, as one typed error.
///
/// GEOS signals failure by returning NULL (or an out-of-band code such as 2 or 0) and reporting
/// the reason through the context's error handler. The bridge turns both halves into one value,
/// so a failed boundary import can tell the user *what* GEOS objected to, not just that it failed.
public enum GEOSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A GEOS call failed. `message` is the text GEOS passed to the error handler (for example
    /// "IllegalArgumentException: Points of LinearRing do not form a closed linestring"), or a
    /// note that GEOS gave none.
    case operationFailed(operation: String, message: String)
    /// The Swift value cannot become a GEOS geometry (an unclosed ring, too few points, ...).
    /// Checked before GEOS sees it, because GEOS's ownership rules on failed construction are
    /// easy to get wrong.
    case invalidInput(String)
    /// The geometry has no polygonal meaning (a point or a line where an area was required).
    case notPolygonal(geometryType: String)
    /// Two objects from different `GEOSContext`s were combined. Contexts are per thread, so
    /// mixing them is a threading bug waiting to happen.
    case contextMismatch(operation: String)
    /// Items were inserted into an `STRtree` after its first query. GEOS builds the packed tree
    /// on the first query and silently mis-indexes later insertions, so the bridge refuses them.
    case treeAlreadyBuilt

    /// The human-readable reason, suitable for an import error message.
    public var message: String {
        switch self {
        case .operationFailed(_, let message): return message
        case .invalidInput(let reason): return reason
        case .notPolygonal(let type): return "expected a polygonal geometry, got \(type)"
        case .contextMismatch(let operation):
            return "\(operation): geometries belong to different GEOS contexts"
        case .treeAlreadyBuilt: return "STRtree: cannot insert after the tree has been queried"
        }
    }

    public var description: String {
        switch self {
        case .operationFailed(let operation, let message): return "GEOS \(operation) failed: \(message)"
        default: return "GEOS: \(message)"
        }
    }
}
