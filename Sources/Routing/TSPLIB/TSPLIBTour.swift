import Foundation

/// A TSPLIB tour file (`.opt.tour`): the node order of `TOUR_SECTION`, 0-based.
public enum TSPLIBTour {
    public static func read(contentsOfFile path: String) throws -> [Int] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TSPLIBError(file: path, line: nil, "cannot read the file")
        }
        var order: [Int] = []
        var inTour = false
        var lineNumber = 0
        for rawLine in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line == "TOUR_SECTION" { inTour = true; continue }
            guard inTour, !line.isEmpty else { continue }
            if line == "EOF" { break }
            for field in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                guard let node = Int(field) else { throw TSPLIBError(file: path, line: lineNumber, "expected a node number, got `\(field)`") }
                if node == -1 { return order }
                order.append(node - 1)
            }
        }
        return order
    }
}
