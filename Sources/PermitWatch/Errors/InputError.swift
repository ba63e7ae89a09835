/// One problem with an input file, located as precisely as the format allows.
///
/// Printed as `FILE:LINE: field: what was expected`, the form editors and CI logs link to; for
/// GeoJSON the "line" is the feature index. In a file of several layers or sheets (read through
/// GDAL) the layer is named: `FILE: layer NAME, feature N: …`, `FILE: sheet NAME, row N: …`.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    /// The 1-based line of a CSV file (the row of a sheet), or nil when the problem is the file
    /// as a whole.
    public var line: Int?
    /// For GeoJSON: the 0-based index of the feature; for a layer read through GDAL, its FID.
    public var feature: Int?
    public var field: String?
    public var message: String
    /// The layer or sheet of a file read through GDAL; nil for CSV and GeoJSON.
    public var layer: String?
    /// Whether `layer` is a workbook's sheet (then `line` is its row).
    public var isSheet: Bool

    public init(file: String, line: Int?, feature: Int? = nil, field: String?, message: String, layer: String? = nil, isSheet: Bool = false) {
        self.file = file
        self.line = line
        self.feature = feature
        self.field = field
        self.message = message
        self.layer = layer
        self.isSheet = isSheet
    }

    public var description: String {
        var text = file
        if let layer {
            text += ": \(isSheet ? "sheet" : "layer") \(layer)"
            if let line { text += ", row \(line)" }
            if let feature { text += ", feature \(feature)" }
        } else {
            if let line { text += ":\(line)" }
            if let feature { text += ": feature \(feature)" }
        }
        if let field { text += ": \(field)" }
        return text + ": " + message
    }
}

/// A rejected file: every problem found, so one run shows them all.
public struct RejectedInput: ClassifiedError, Sendable {
    public var kind: ErrorKind { .rejected }
    public var problems: [InputError]
    /// How many problems were found beyond those kept in `problems`.
    public var omitted: Int

    public init(problems: [InputError], omitted: Int = 0) {
        self.problems = problems
        self.omitted = omitted
    }

    public init(problem: InputError) {
        self.init(problems: [problem])
    }

    public var description: String {
        var lines = problems.map(\.description)
        if omitted > 0 { lines.append("… and \(omitted) more problems") }
        lines.append("nothing was written: the database is unchanged")
        return lines.joined(separator: "\n")
    }
}

/// Collects the problems of one file, keeping the first hundred.
struct ProblemList {
    private(set) var problems: [InputError] = []
    private(set) var omitted = 0
    static let limit = 100

    var isEmpty: Bool { problems.isEmpty }

    mutating func append(_ problem: InputError) {
        if problems.count < Self.limit { problems.append(problem) } else { omitted += 1 }
    }

    mutating func append(contentsOf other: ProblemList) {
        for p in other.problems { append(p) }
        omitted += other.omitted
    }

    /// Throws the collected problems, if any.
    func throwIfAny() throws {
        if !problems.isEmpty { throw RejectedInput(problems: problems, omitted: omitted) }
    }
}
