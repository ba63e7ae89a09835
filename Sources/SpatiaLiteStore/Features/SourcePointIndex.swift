import Foundation
import GeoKit
import Store

/// The current sources as columns in memory: positions, the queryable properties and the
/// status date, with a uniform grid over the positions.
///
/// An items page needs an exact `numberMatched` and then a thousand rows. Counting through the
/// R*Tree still visits every matching row of the table (7,500 in a busy 10 km box, ~8 ms);
/// here the count is a pass over small arrays (~20 µs for the same box, ~1 ms for a filter
/// over the whole province), and SQLite only reads the rows of the page, by rowid. A few
/// tens of megabytes for a province; rebuilt when the store's generation changes.
final class SourcePointIndex: Sendable {
    /// A column of short strings stored as codes into a dictionary of its distinct values.
    struct DictionaryColumn: Sendable {
        var values: [String] = []
        var lookup: [String: UInt32] = [:]
        var codes: [UInt32] = []

        /// Code 0 is NULL.
        mutating func append(_ value: String?) {
            guard let value else {
                codes.append(0)
                return
            }
            if let code = lookup[value] {
                codes.append(code)
            } else {
                values.append(value)
                let code = UInt32(values.count)
                lookup[value] = code
                codes.append(code)
            }
        }
    }

    /// The store's generation the index was built at.
    let generation: Int64
    let rowids: [Int64]
    let longitudes: [Double]
    let latitudes: [Double]
    let columns: [String: DictionaryColumn]
    let dates: DictionaryColumn
    let extent: BoundingBox
    let dateExtent: (first: String, last: String)?

    // The grid: points of cell c are members[cellStart[c]..<cellStart[c + 1]], in row order.
    private let cellSize = 0.02
    private let columnsCount: Int
    private let rowsCount: Int
    private let cellStart: [Int32]
    private let members: [Int32]

    static let propertyColumns = [
        "source_id", "industry", "category", "status", "prefecture_code", "county_code", "town_code", "grid_code", "placement",
        "declared_area_code", "location_mismatch",
    ]

    /// The arrays are parallel, in rowid order; `columns` holds every name of `propertyColumns`.
    init(generation: Int64, rowids: [Int64], longitudes: [Double], latitudes: [Double], columns: [String: DictionaryColumn], dates: DictionaryColumn) {
        self.generation = generation
        self.rowids = rowids
        self.longitudes = longitudes
        self.latitudes = latitudes
        self.columns = columns
        self.dates = dates
        var box = BoundingBox.empty
        for k in longitudes.indices {
            box.minX = min(box.minX, longitudes[k]); box.maxX = max(box.maxX, longitudes[k])
            box.minY = min(box.minY, latitudes[k]); box.maxY = max(box.maxY, latitudes[k])
        }
        extent = box
        let sortedDays = dates.values.sorted()
        dateExtent = sortedDays.first.map { ($0, sortedDays.last!) }

        let count = longitudes.count
        let width = box.isEmpty ? 1 : Int((box.maxX - box.minX) / cellSize) + 1
        let height = box.isEmpty ? 1 : Int((box.maxY - box.minY) / cellSize) + 1
        columnsCount = width
        rowsCount = height
        var counts = [Int32](repeating: 0, count: width * height + 1)
        var cellOf = [Int32](repeating: 0, count: count)
        for k in 0..<count {
            let ix = min(width - 1, Int((longitudes[k] - box.minX) / cellSize))
            let iy = min(height - 1, Int((latitudes[k] - box.minY) / cellSize))
            let cell = iy * width + ix
            cellOf[k] = Int32(cell)
            counts[cell + 1] += 1
        }
        for c in 0..<(width * height) { counts[c + 1] += counts[c] }
        var next = counts
        var members = [Int32](repeating: 0, count: count)
        for k in 0..<count {
            let cell = Int(cellOf[k])
            members[Int(next[cell])] = Int32(k)
            next[cell] += 1
        }
        cellStart = counts
        self.members = members
    }

    /// How many sources match `query`, and the rowids of the page it asks for, in rowid order;
    /// with `allowed`, only among those rowids (the sources its attribute filters matched).
    func select(_ query: FeatureQuery, among allowed: Set<Int64>? = nil) -> (matched: Int, page: [Int64]) {
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
