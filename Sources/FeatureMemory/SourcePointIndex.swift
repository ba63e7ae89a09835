import Foundation
import GeoKit
import Store

/// The current sources as columns in memory: positions, the queryable properties and the
/// status date, with a uniform grid over the positions.
///
/// An items page needs an exact `numberMatched` and then a thousand rows. Counting through the
/// R*Tree still visits every matching row of the table (7,500 in a busy 10 km box, ~8 ms);
/// here the count is a pass over small arrays (~20 µs for the same box, ~1 ms for a filter
/// over the whole province), and the store reads only the rows of the page, by rowid. A few
/// tens of megabytes for a province; read again after an ingest, patched row by row after a
/// field write (`patched(with:generation:)`, from the store's `source_changes` log). Both stores
/// serve pages from it (`SourceFeatureMemory`).
public final class SourcePointIndex: Sendable {
    /// A column of short strings stored as codes into a dictionary of its distinct values.
    struct DictionaryColumn: Sendable {
        var values: [String] = []
        var lookup: [String: UInt32] = [:]
        var codes: [UInt32] = []

        /// Code 0 is NULL.
        mutating func append(_ value: String?) { codes.append(code(of: value)) }

        mutating func set(_ row: Int, to value: String?) { codes[row] = code(of: value) }

        mutating func insert(_ value: String?, at row: Int) { codes.insert(code(of: value), at: row) }

        /// The value's code, a new one for a value not seen before.
        private mutating func code(of value: String?) -> UInt32 {
            guard let value else { return 0 }
            if let code = lookup[value] { return code }
            values.append(value)
            let code = UInt32(values.count)
            lookup[value] = code
            return code
        }
    }

    /// The store's generation the index was built at.
    public let generation: Int64
    let rowids: [Int64]
    let longitudes: [Double]
    let latitudes: [Double]
    let columns: [String: DictionaryColumn]
    let dates: DictionaryColumn
    /// The first and last status date of the current sources (the collection's temporal extent).
    public let dateExtent: (first: String, last: String)?
    /// The positions' grid; shared by the indexes of later generations while no source moves.
    private let grid: PointGrid
    /// The box of the current sources' positions.
    public var extent: BoundingBox { grid.extent }

    /// The `sources` columns the index holds besides the position and `status_date`, in the
    /// order a store reads them (`Builder.append`, `Row.values`): the queryable properties.
    public static let propertyColumns = [
        "source_id", "industry", "category", "status", "prefecture_code", "county_code", "town_code", "grid_code", "placement",
        "declared_area_code", "location_mismatch",
    ]

    /// The arrays are parallel, in rowid order; `columns` holds every name of `propertyColumns`.
    /// `grid`, when given, must have been built over the same positions.
    init(
        generation: Int64, rowids: [Int64], longitudes: [Double], latitudes: [Double], columns: [String: DictionaryColumn], dates: DictionaryColumn,
        grid: PointGrid? = nil
    ) {
        self.generation = generation
        self.rowids = rowids
        self.longitudes = longitudes
        self.latitudes = latitudes
        self.columns = columns
        self.dates = dates
        let sortedDays = dates.values.sorted()
        dateExtent = sortedDays.first.map { ($0, sortedDays.last!) }
        self.grid = grid ?? PointGrid(longitudes: longitudes, latitudes: latitudes)
    }

    /// One source row as the index holds it, read again after a small write.
    public struct Row: Sendable {
        public var rowid: Int64
        public var longitude: Double
        public var latitude: Double
        public var date: String?
        /// By `propertyColumns`.
        public var values: [String?]
        /// A source no longer listed (`removed_on`) or deleted leaves the index.
        public var removed: Bool

        public init(rowid: Int64, longitude: Double, latitude: Double, date: String?, values: [String?], removed: Bool) {
            self.rowid = rowid
            self.longitude = longitude
            self.latitude = latitude
            self.date = date
            self.values = values
            self.removed = removed
        }

        /// A row that is gone (deleted, or no longer listed): it leaves the index.
        public static func removed(_ rowid: Int64) -> Row {
            Row(rowid: rowid, longitude: 0, latitude: 0, date: nil, values: [], removed: true)
        }
    }

    /// The index of a whole register, read row by row in rowid order (the store's
    /// `SELECT id, lon, lat, status_date, <propertyColumns> … ORDER BY id`).
    public struct Builder {
        private var rowids: [Int64] = [], longitudes: [Double] = [], latitudes: [Double] = []
        private var columns = [DictionaryColumn](repeating: .init(), count: SourcePointIndex.propertyColumns.count)
        private var dates = DictionaryColumn()

        public init() {}

        /// Appends one current source; `property(k)` is the value of `propertyColumns[k]`.
        public mutating func append(
            rowid: Int64, longitude: Double, latitude: Double, date: String?, property: (Int) throws -> String?
        ) rethrows {
            rowids.append(rowid)
            longitudes.append(longitude)
            latitudes.append(latitude)
            dates.append(date)
            for k in columns.indices { columns[k].append(try property(k)) }
        }

        public func index(generation: Int64) -> SourcePointIndex {
            SourcePointIndex(
                generation: generation, rowids: rowids, longitudes: longitudes, latitudes: latitudes,
                columns: Dictionary(uniqueKeysWithValues: zip(SourcePointIndex.propertyColumns, columns)), dates: dates)
        }
    }

    /// This index with `changes` applied, for `generation`: a status change costs copying the
    /// columns it touches (a few milliseconds for a province); a source added, removed or moved
    /// also rebuilds the grid.
    public func patched(with changes: [Row], generation: Int64) -> SourcePointIndex {
        var rowids = rowids, longitudes = longitudes, latitudes = latitudes
        var columns = Self.propertyColumns.map { self.columns[$0]! }
        var dates = dates
        var moved = false
        for change in changes.sorted(by: { $0.rowid < $1.rowid }) {
            let k = Self.position(of: change.rowid, in: rowids)
            let present = k < rowids.count && rowids[k] == change.rowid
            if change.removed {
                guard present else { continue }
                rowids.remove(at: k); longitudes.remove(at: k); latitudes.remove(at: k)
                for c in columns.indices { columns[c].codes.remove(at: k) }
                dates.codes.remove(at: k)
                moved = true
                continue
            }
            if present {
                if longitudes[k] != change.longitude || latitudes[k] != change.latitude {
                    longitudes[k] = change.longitude; latitudes[k] = change.latitude
                    moved = true
                }
                for c in columns.indices { columns[c].set(k, to: change.values[c]) }
                dates.set(k, to: change.date)
            } else {
                rowids.insert(change.rowid, at: k); longitudes.insert(change.longitude, at: k); latitudes.insert(change.latitude, at: k)
                for c in columns.indices { columns[c].insert(change.values[c], at: k) }
                dates.insert(change.date, at: k)
                moved = true
            }
        }
        return SourcePointIndex(
            generation: generation, rowids: rowids, longitudes: longitudes, latitudes: latitudes,
            columns: Dictionary(uniqueKeysWithValues: zip(Self.propertyColumns, columns)), dates: dates, grid: moved ? nil : grid)
    }

    /// The first position whose rowid is not below `rowid` (binary search).
    private static func position(of rowid: Int64, in rowids: [Int64]) -> Int {
        var low = 0, high = rowids.count
        while low < high {
            let middle = (low + high) / 2
            if rowids[middle] < rowid { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// How many sources match `query`, and the rowids of the page it asks for, in rowid order;
    /// with `allowed`, only among those rowids (the sources its attribute filters matched).
    public func select(_ query: FeatureQuery, among allowed: Set<Int64>? = nil) -> (matched: Int, page: [Int64]) {
        // Each equality becomes (codes, wanted code); a value no source has matches nothing.
        var tests: [([UInt32], UInt32)] = []
        for (name, value) in query.equals.sorted(by: { $0.key < $1.key }) {
            guard let column = columns[name] else { return (0, []) }
            guard let code = column.lookup[value] else { return (0, []) }
            tests.append((column.codes, code))
        }
        var allowedDays: [Bool]?
        if let range = query.dates {
            allowedDays = [false] + dates.values.map { range.contains($0) }
        }

        var matched = 0
        var page: [Int64] = []
        let window = query.offset..<(query.offset + max(query.limit, 0))
        page.reserveCapacity(min(window.count, 10_000))
        func consider(_ k: Int) {
            for (codes, wanted) in tests where codes[k] != wanted { return }
            if let allowed, !allowed.contains(rowids[k]) { return }
            if let allowedDays, !allowedDays[Int(dates.codes[k])] { return }
            if window.contains(matched) { page.append(rowids[k]) }
            matched += 1
        }

        guard let box = query.bbox else {
            for k in 0..<rowids.count { consider(k) }
            return (matched, page)
        }
        guard !extent.isEmpty, box.maxX >= extent.minX, box.minX <= extent.maxX, box.maxY >= extent.minY, box.minY <= extent.maxY else {
            return (0, [])
        }
        let (cellSize, columnsCount, rowsCount, cellStart, members) = (grid.cellSize, grid.columnsCount, grid.rowsCount, grid.cellStart, grid.members)
        func cell(_ offset: Double, _ count: Int) -> Int { Int(min(max(offset / cellSize, 0), Double(count - 1))) }
        let ix0 = cell(box.minX - extent.minX, columnsCount), ix1 = cell(box.maxX - extent.minX, columnsCount)
        let iy0 = cell(box.minY - extent.minY, rowsCount), iy1 = cell(box.maxY - extent.minY, rowsCount)
        func inside(_ k: Int) -> Bool {
            longitudes[k] >= box.minX && longitudes[k] <= box.maxX && latitudes[k] >= box.minY && latitudes[k] <= box.maxY
        }
        // A box over much of the province: one pass in row order beats gathering and sorting.
        if (ix1 - ix0 + 1) * (iy1 - iy0 + 1) * 4 > columnsCount * rowsCount {
            for k in 0..<rowids.count where inside(k) { consider(k) }
            return (matched, page)
        }
        // Cells hold their points in row order, but several cells interleave: mark the hits in
        // a bitset over the rows they span and read it back in order (no sort).
        var low = Int32.max, high = Int32.min
        var hits: [Int32] = []
        for iy in iy0...iy1 {
            for ix in ix0...ix1 {
                let cell = iy * columnsCount + ix
                for m in Int(cellStart[cell])..<Int(cellStart[cell + 1]) where inside(Int(members[m])) {
                    hits.append(members[m])
                    low = min(low, members[m])
                    high = max(high, members[m])
                }
            }
        }
        guard !hits.isEmpty else { return (0, []) }
        let base = Int(low) & ~63
        var words = [UInt64](repeating: 0, count: (Int(high) - base) / 64 + 1)
        for k in hits { words[(Int(k) - base) >> 6] |= 1 << UInt64((Int(k) - base) & 63) }
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                consider(base + w * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return (matched, page)
    }
}
