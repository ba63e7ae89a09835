import FileWriting
import Foundation
import GeoKit
import Store

/// A plain-text table for people: columns aligned, CJK counted double-width.
///
/// A value is never cut short: a table piped into another program or written to a file shows
/// every value whole, and one on a terminal fits its width by hiding the least useful columns
/// first (`usefulness`; never the row's own id or name) and says which. With a row cap it still
/// counts every row, so it can say how many were left out. Holds the rows it shows.
public final class TableResultWriter: QueryResultWriter {
    /// How wide the table may be.
    public enum Layout: Sendable, Equatable {
        /// Every column, every value whole: for a pipe or a file.
        case full
        /// At most this many character cells wide, by hiding columns: for a terminal.
        case fit(width: Int)

        /// `fit` to the terminal when standard output is one, else `full`.
        public static func standardOutput() -> Layout {
            isatty(STDOUT_FILENO) != 0 ? .fit(width: TableResultWriter.terminalWidth()) : .full
        }
    }

    private let sink: ByteSink
    private let layout: Layout
    private let cap: Int?
    private var columns: [String] = []
    private var keep: [Int] = []
    private var rows: [[String]] = []
    private var rowCount = 0
    private var numeric: Set<Int> = []

    /// - Parameter showing: the most rows shown (the rest are counted); nil: every row.
    public init(sink: ByteSink, layout: Layout = .standardOutput(), showing cap: Int? = nil) {
        self.sink = sink
        self.layout = layout
        self.cap = cap
    }

    public func begin(columns: [String], geometryColumn: Int?) throws {
        keep = columns.indices.filter { $0 != geometryColumn }
        self.columns = keep.map { columns[$0] }
        numeric = Set(self.columns.indices)
    }

    public func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
        rowCount += 1
        if let cap, rows.count >= cap { return }
        var cells: [String] = []
        for (position, i) in keep.enumerated() {
            let value = values[i]
            switch value {
            case .integer, .real, .null: break
            default: numeric.remove(position)
            }
            cells.append(value.displayText.replacingOccurrences(of: "\n", with: " "))
        }
        rows.append(cells)
    }

    public func end() throws {
        var widths = columns.map(TextTable.displayWidth)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], TextTable.displayWidth(cell)) } }
        var shown = Array(columns.indices)
        if case .fit(let width) = layout {
            func total() -> Int { shown.map { widths[$0] }.reduce(0, +) + 2 * max(shown.count - 1, 0) }
            // Least useful first; among equals, the rightmost first.
            var hideable = shown.filter { $0 > 0 && !Self.identifiesRow(columns[$0]) }
                .sorted { (Self.usefulness(columns[$0]), -$0) < (Self.usefulness(columns[$1]), -$1) }
            while total() > width, !hideable.isEmpty {
                let next = hideable.removeFirst()
                shown.removeAll { $0 == next }
            }
        }
        let hidden = columns.indices.filter { !shown.contains($0) }.map { columns[$0] }
        let rightAligned = Set(shown.indices.filter { numeric.contains(shown[$0]) })
        try sink.write(TextTable.render(header: shown.map { columns[$0] }, rows: rows.map { row in shown.map { row[$0] } }, rightAligned: rightAligned))
        try sink.write(Self.footer(shown: rows.count, of: rowCount, hidden: hidden, layout: layout))
        try sink.flush()
    }

    /// `(2,514 rows)`, or `(500 of 2,514 rows shown; --limit N shows more)`, and the columns
    /// hidden to fit the terminal.
    static func footer(shown: Int, of total: Int, hidden: [String], layout: Layout) -> String {
        var text = shown == total
            ? "(\(grouped(total)) row\(total == 1 ? "" : "s"))\n"
            : "(\(grouped(shown)) of \(grouped(total)) rows shown; --limit N shows more, --format csv every row)\n"
        if !hidden.isEmpty, case .fit(let width) = layout {
            text += "(hidden to fit \(width) columns: \(hidden.joined(separator: ", ")); a wider terminal, --output FILE or --format csv shows them)\n"
        }
        return text
    }

    /// Whether a column is the row's own id or name (the first column always is): never hidden.
    static func identifiesRow(_ column: String) -> Bool {
        ["id", "source_id", "code", "name", "cluster", "grid", "cx", "cy"].contains(column.lowercased())
    }

    /// How much a reader at a terminal loses when the column is hidden: 0 first (positions,
    /// phone numbers, register codes a planner looks up elsewhere), then 1 (the coarse areas,
    /// dates beside the status, officers), then 2 (the rest: status, distances, counts, the
    /// town and grid).
    static func usefulness(_ column: String) -> Int {
        let name = column.lowercased()
        let positions: Set<String> = ["lon", "lat", "x", "y", "cell_ix", "cell_iy", "centroid_lon", "centroid_lat", "geometry"]
        if positions.contains(name) || name.hasSuffix("_phone") || ["uscc", "placement", "category", "by_industry", "first_source_id"].contains(name) {
            return 0
        }
        if name.hasPrefix("prefecture_") || name.hasPrefix("county_")
            || ["officer", "deadline", "status_date", "industry", "grids", "towns", "core_members", "removed_on", "snap_distance_m"].contains(name) {
            return 1
        }
        return 2
    }

    /// 2514 as `2,514`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (i, character) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (number < 0 ? "-" : "") + out
    }

    /// `$COLUMNS`, else the terminal's width, else 120.
    public static func terminalWidth() -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 120
    }
}
