import CGEOS

/// A GEOS sort-tile-recursive R-tree over integer item indices: the coarse filter in front of
/// prepared-geometry tests (which town polygons could contain this source?).
///
/// Items are the caller's array indices, not geometries, so the tree holds no Swift objects and
/// results can index straight back into the caller's arrays. GEOS packs the tree on the first
/// query; after that it cannot take more items, and `insert` throws instead of silently
/// mis-indexing (GEOS 3.11 itself does not check). Not thread-safe, like its context.
public final class STRtree {
    public let context: GEOSContext
    let tree: OpaquePointer
    /// Number of items inserted (items with empty boxes included, though they never match).
    public private(set) var count = 0
    private var isBuilt = false

    /// Collects query hits; passed to the C callback as `userdata` through `Unmanaged`.
    private final class Hits {
        var indices: [Int] = []
    }

    /// - Parameter nodeCapacity: children per node; GEOS's default of 10 suits point and
    ///   polygon workloads alike.
    public init(context: GEOSContext, nodeCapacity: Int = 10) throws {
        guard nodeCapacity >= 2 else { throw GEOSError.invalidInput("STRtree node capacity must be at least 2") }
        self.context = context
        self.tree = try context.check("GEOSSTRtree_create_r") { GEOSSTRtree_create_r($0, nodeCapacity) }
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, tree)
    }

    /// Adds item `index` (>= 0) with the given envelope. An empty box is accepted and never
    /// matches, so a collection with an empty geometry needs no special case.
    public func insert(_ index: Int, box: BoundingBox) throws {
        try checkInsertable(index)
        count += 1
        guard !box.isEmpty else { return }
        let envelope = try GEOSGeometry(box: box, context: context)
        try insertEnvelope(of: envelope, index: index)
    }

    /// Adds item `index` (>= 0) with the envelope of `geometry` (GEOS copies the envelope; the
    /// geometry need not outlive the tree).
    public func insert(_ index: Int, geometry: GEOSGeometry) throws {
        guard geometry.context === context else { throw GEOSError.contextMismatch(operation: "GEOSSTRtree_insert_r") }
        try checkInsertable(index)
        count += 1
        try insertEnvelope(of: geometry, index: index)
    }

    /// Indices of the items whose envelopes intersect `box` (touching counts), in ascending order
    /// so results are reproducible whatever the tree's internal layout.
    public func query(_ box: BoundingBox) throws -> [Int] {
        guard !box.isEmpty else { return [] }
        return try query(envelope: GEOSGeometry(box: box, context: context))
    }

    /// Indices of the items whose envelopes contain the point, in ascending order.
    public func query(_ point: Coordinate) throws -> [Int] {
        try query(envelope: GEOSGeometry(point: point, context: context))
    }

    // MARK: - Private

    private func checkInsertable(_ index: Int) throws {
        guard !isBuilt else { throw GEOSError.treeAlreadyBuilt }
        guard index >= 0 else { throw GEOSError.invalidInput("STRtree item index must be >= 0, got \(index)") }
    }

    private func insertEnvelope(of geometry: GEOSGeometry, index: Int) throws {
        // The item is the index + 1 stored in the pointer bits (0 would be a null item).
        let item = UnsafeMutableRawPointer(bitPattern: index + 1)
        context.clearMessages()
        GEOSSTRtree_insert_r(context.handle, tree, geometry.pointer, item)
        if context.lastErrorMessage != nil { throw context.failure("GEOSSTRtree_insert_r") }
    }

    private func query(envelope: GEOSGeometry) throws -> [Int] {
        isBuilt = true
        let hits = Hits()
        context.clearMessages()
        withExtendedLifetime(hits) {
            // Non-capturing: the closure becomes a C function pointer and reaches `hits` only
            // through `userdata` (a capturing closure here crashed the Swift 6.3.1 compiler).
            GEOSSTRtree_query_r(context.handle, tree, envelope.pointer, { item, userdata in
                guard let userdata else { return }
                let hits = Unmanaged<Hits>.fromOpaque(userdata).takeUnretainedValue()
                hits.indices.append(Int(bitPattern: item) - 1)
            }, Unmanaged.passUnretained(hits).toOpaque())
        }
        if context.lastErrorMessage != nil { throw context.failure("GEOSSTRtree_query_r") }
        hits.indices.sort()
        return hits.indices
    }
}

@available(*, unavailable, message: "an STRtree belongs to a thread-confined GEOSContext")
extension STRtree: Sendable {}
