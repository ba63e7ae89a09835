/// What a store keeps in memory to serve the sources' feature pages: the source index of the
/// last few generations and the features as the server encoded them.
///
/// The same for SpatiaLite and PostGIS: the store reads its generation in the reader's
/// snapshot, and hands over how to read the rows changed since an older generation (its
/// `source_changes` log), the rows themselves, and the whole register. A generation after
/// field writes only is patched from the one before; after anything else (an ingest, a copy,
/// more than `largestPatch` rows) the index is read whole and every kept feature dropped.
/// Several servers on one database each keep their own, renewed from the generation row that
/// every write from any process moves on.
public final class SourceFeatureMemory: Sendable {
    /// The sources' features as the server encoded them, while unchanged.
    public let encodedFeatures = EncodedFeatureCache()
    private let indexes = SourcePointIndexCache()
    /// More changed rows than this and reading the index whole is cheaper than patching.
    public static let largestPatch = 10_000

    public init() {}

    /// The source index of `generation`, the reader's snapshot's.
    ///
    /// - Parameters:
    ///   - changedRows: the rows changed after a generation, in the same snapshot; nil when a
    ///     write since then did not list its rows (only a whole read is exact then).
    ///   - rows: the rows given, as the snapshot holds them (a row gone is `Row.removed`).
    ///   - whole: every current source, in rowid order.
    public func index(
        at generation: Int64, changedRows: (_ since: Int64) throws -> [Int64]?, rows: ([Int64]) throws -> [SourcePointIndex.Row],
        whole: (inout SourcePointIndex.Builder) throws -> Void
    ) throws -> SourcePointIndex {
        // Waiting, there is always one.
        try index(at: generation, waiting: true, changedRows: changedRows, rows: rows, whole: whole)!
    }

    /// The same; without `waiting`, nil rather than wait while another thread makes an index
    /// (a reader that can answer another way, as PostGIS by SQL, need not queue behind a whole
    /// read of the register).
    public func index(
        at generation: Int64, waiting: Bool, changedRows: (_ since: Int64) throws -> [Int64]?,
        rows: ([Int64]) throws -> [SourcePointIndex.Row], whole: (inout SourcePointIndex.Builder) throws -> Void
    ) throws -> SourcePointIndex? {
        try indexes.index(for: generation, waiting: waiting) { previous in
            if let previous, let changed = try changedRows(previous.generation), changed.count <= Self.largestPatch {
                encodedFeatures.changed(changed, at: generation)
                return previous.patched(with: try rows(changed), generation: generation)
            }
            encodedFeatures.reset(at: generation)
            var builder = SourcePointIndex.Builder()
            try whole(&builder)
            return builder.index(generation: generation)
        }
    }
}
