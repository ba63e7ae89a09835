import FileWriting
import Foundation
import GeoKit
import Store

/// A plain-text table for a terminal: columns aligned, CJK counted double-width, long cells
/// shortened so the table fits the terminal's width. Holds its rows (use a `--limit`).
public final class TableResultWriter: QueryResultWriter {
    private let sink: ByteSink
    private let width: Int
    private var columns: [String] = []
    private var keep: [Int] = []
    private var rows: [[String]] = []
    private var numeric: Set<Int> = []

    public init(sink: ByteSink, width: Int = TableResultWriter.terminalWidth()) {
        self.sink = sink
        self.width = width
    }

    public func begin(columns: [String], geometryColumn: Int?) throws {
        keep = columns.indices.filter { $0 != geometryColumn }
        self.columns = keep.map { columns[$0] }
        numeric = Set(self.columns.indices)
    }

    public func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
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
        // Shorten the widest columns until the table fits.
        var widths = columns.map(TextTable.displayWidth)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], TextTable.displayWidth(cell)) } }
        var cap = widths.max() ?? 0
        while widths.map({ min($0, cap) }).reduce(0, +) + 2 * max(widths.count - 1, 0) > width && cap > 8 { cap -= 1 }
        func clip(_ text: String) -> String {
            guard TextTable.displayWidth(text) > cap else { return text }
            var out = ""
            for character in text {
                if TextTable.displayWidth(out + String(character)) > cap - 1 { break }
                out.append(character)
            }
            return out + "…"
        }
        try sink.write(TextTable.render(header: columns.map(clip), rows: rows.map { $0.map(clip) }, rightAligned: numeric))
        try sink.write("(\(rows.count) row\(rows.count == 1 ? "" : "s"))\n")
        try sink.flush()
    }

    /// `$COLUMNS`, else the terminal's width, else 120.
    public static func terminalWidth() -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 120
    }
}
