import Foundation

/// A symmetric TSPLIB instance given by node coordinates (`NODE_COORD_SECTION`).
///
/// Explicit matrices (`EDGE_WEIGHT_SECTION`) are not read: every benchmark instance here is a
/// coordinate instance, and the planner's own problems come with coordinates too.
public struct TSPLIBInstance: Sendable {
    public let name: String
    public let edgeWeightType: TSPLIBEdgeWeightType
    /// Node coordinates in file order (node `i + 1` of the file is index `i`).
    public let coordinates: [(x: Double, y: Double)]

    public var dimension: Int { coordinates.count }

    public init(name: String, edgeWeightType: TSPLIBEdgeWeightType, coordinates: [(x: Double, y: Double)]) {
        self.name = name
        self.edgeWeightType = edgeWeightType
        self.coordinates = coordinates
    }

    /// Reads a `.tsp` file.
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TSPLIBError(file: path, line: nil, "cannot read the file")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses the text of a `.tsp` file; `file` names it in errors.
    public init(text: String, file: String = "<text>") throws {
        var name = ""
        var type: TSPLIBEdgeWeightType?
        var dimension: Int?
        var coordinates: [(x: Double, y: Double)] = []
        var seen: [Bool] = []
        var inCoordinates = false
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            if line == "EOF" { break }
            if inCoordinates, let first = line.first, first.isNumber || first == "-" || first == "+" {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count >= 3, let id = Int(fields[0]), let x = Double(fields[1]), let y = Double(fields[2]),
                    x.isFinite, y.isFinite
                else {
                    throw TSPLIBError(file: file, line: lineNumber, "expected `node x y`, got `\(line)`")
                }
                guard let dimension, id >= 1, id <= dimension else {
                    throw TSPLIBError(file: file, line: lineNumber, "node \(id) is outside 1...\(dimension ?? 0) (DIMENSION)")
                }
                guard !seen[id - 1] else { throw TSPLIBError(file: file, line: lineNumber, "node \(id) is given twice") }
                seen[id - 1] = true
                coordinates[id - 1] = (x, y)
                continue
            }
            inCoordinates = false
            if line.hasSuffix("_SECTION") || line.contains("_SECTION") && !line.contains(":") {
                let section = line.split(separator: " ").first.map(String.init) ?? line
                guard section == "NODE_COORD_SECTION" else {
                    throw TSPLIBError(file: file, line: lineNumber, "\(section) is not supported; only NODE_COORD_SECTION is read")
                }
                guard let dimension else {
                    throw TSPLIBError(file: file, line: lineNumber, "NODE_COORD_SECTION before DIMENSION")
                }
                coordinates = Array(repeating: (0, 0), count: dimension)
                seen = Array(repeating: false, count: dimension)
                inCoordinates = true
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw TSPLIBError(file: file, line: lineNumber, "expected `KEY : value` or a section, got `\(line)`")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).uppercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "NAME": name = value
            case "TYPE":
                guard value.uppercased() == "TSP" else {
                    throw TSPLIBError(file: file, line: lineNumber, "TYPE \(value): only symmetric TSP instances are read")
                }
            case "DIMENSION":
                guard let n = Int(value), n >= 1 else {
                    throw TSPLIBError(file: file, line: lineNumber, "DIMENSION \(value): expected a positive integer")
                }
                dimension = n
            case "EDGE_WEIGHT_TYPE":
                guard let parsed = TSPLIBEdgeWeightType(rawValue: value.uppercased()) else {
                    let known = TSPLIBEdgeWeightType.allCases.map(\.rawValue).joined(separator: ", ")
                    throw TSPLIBError(file: file, line: lineNumber, "EDGE_WEIGHT_TYPE \(value) is not supported (expected one of \(known))")
                }
                type = parsed
            default: continue  // COMMENT, EDGE_WEIGHT_FORMAT: FUNCTION, DISPLAY_DATA_TYPE, ...
            }
        }
        guard let type else { throw TSPLIBError(file: file, line: nil, "no EDGE_WEIGHT_TYPE") }
        guard let dimension else { throw TSPLIBError(file: file, line: nil, "no DIMENSION") }
        if let missing = seen.firstIndex(of: false) {
            throw TSPLIBError(file: file, line: nil, "node \(missing + 1) has no coordinates (DIMENSION \(dimension))")
        }
        guard coordinates.count == dimension else { throw TSPLIBError(file: file, line: nil, "no NODE_COORD_SECTION") }
        self.init(name: name, edgeWeightType: type, coordinates: coordinates)
    }

    /// The TSPLIB weight between nodes `i` and `j` (0-based).
    public func weight(_ i: Int, _ j: Int) -> Int { edgeWeightType.weight(coordinates[i], coordinates[j]) }

    /// Every weight computed once. GEO instances convert each node to radians once first.
    public func costMatrix() -> CostMatrix {
        if edgeWeightType == .geographical {
            let radians = coordinates.map(TSPLIBEdgeWeightType.geographicalRadians)
            return CostMatrix(count: dimension) { Double(TSPLIBEdgeWeightType.geographicalWeight(radians[$0], radians[$1])) }
        }
        return CostMatrix(count: dimension) { Double(weight($0, $1)) }
    }

    /// The integer length of a closed tour given as 0-based node indices, recomputed from the
    /// edge-weight function (not from any matrix) so tests check the solver independently.
    public func tourLength(_ tour: [Int]) -> Int {
        guard let last = tour.last else { return 0 }
        var total = 0
        var previous = last
        for node in tour {
            total += weight(previous, node)
            previous = node
        }
        return total
    }
}
