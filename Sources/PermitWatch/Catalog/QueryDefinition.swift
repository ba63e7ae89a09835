import GeoKit
import Store

/// One named, parameterised, read-only query of the catalog, parsed from its file.
public struct QueryDefinition: Sendable, Equatable {
    public var name: String
    public var title: String
    public var description: String
    public var parameters: [QueryParameter]
    /// The result column holding the geometry, if the query has one.
    public var geometryColumn: String?
    public var example: String?
    /// The SQL dialect the statement is written in (`-- dialect:`; `spatialite` when absent): a
    /// store refuses a query written for another database.
    public var dialect = "spatialite"
    public var sql: String
    /// Where the query came from: `shipped`, or the file's path.
    public var origin: String

    /// Parses a query file: the comment header (see queries/README.md), then the statement.
    ///
    /// - Throws: `QueryError.brokenHeader` naming the file, the line and what was expected.
    public init(name: String, text: String, origin: String) throws {
        self.name = name
        self.origin = origin
        sql = text
        var title: String?
        var description: String?
        var parameters: [QueryParameter] = []
        /// The line of each parameter's declaration, for the errors found once all are read.
        var declarationLines: [Int] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("--") else { continue }
            let comment = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            guard let colon = comment.firstIndex(of: ":") else { continue }
            let key = comment[..<colon].lowercased()
            let value = comment[comment.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            func broken(_ message: String) -> QueryError {
                .brokenHeader(query: name, file: origin, line: offset + 1, message: message)
            }
            switch key {
            case "title": title = value
            case "description": description = value
            case "geometry":
                guard !value.isEmpty else { throw broken("geometry: expected the name of the geometry column") }
                geometryColumn = value
            case "example": example = value
            case "dialect":
                guard !value.isEmpty else { throw broken("dialect: expected the SQL dialect, e.g. spatialite") }
                dialect = value.lowercased()
            case "param":
                parameters.append(try Self.parameter(value, broken: broken))
                declarationLines.append(offset + 1)
            default: continue
            }
        }
        guard let title, !title.isEmpty else {
            throw QueryError.brokenHeader(query: name, file: origin, line: 1, message: "missing '-- title: …' line")
        }
        guard let description, !description.isEmpty else {
            throw QueryError.brokenHeader(query: name, file: origin, line: 1, message: "missing '-- description: …' line")
        }
        // Each error names the declaration's own line: line 1 sent the user to the title.
        var firstLine: [String: Int] = [:]
        for (parameter, line) in zip(parameters, declarationLines) {
            if let first = firstLine.updateValue(line, forKey: parameter.name) {
                throw QueryError.brokenHeader(
                    query: name, file: origin, line: line, message: "parameter \(parameter.name) is declared twice (first on line \(first))")
            }
        }
        for (parameter, line) in zip(parameters, declarationLines) {
            guard case .notBefore(let other) = parameter.bound else { continue }
            guard parameters.contains(where: { $0.name == other && $0.kind == parameter.kind }) else {
                throw QueryError.brokenHeader(
                    query: name, file: origin, line: line,
                    message: "param \(parameter.name): '>=\(other)' names no \(parameter.kind.rawValue) parameter of this query")
            }
        }
        self.title = title
        self.description = description
        self.parameters = parameters
    }

    /// Parses `NAME TYPE required|optional|default VALUE[: description]`, where TYPE may carry
    /// a bound (`real>0`, `integer>=1`, `date>=from`) and extra words (`status+all`).
    private static func parameter(_ text: String, broken: (String) -> QueryError) throws -> QueryParameter {
        let (declaration, description): (Substring, String) = {
            guard let colon = text.firstIndex(of: ":") else { return (Substring(text), "") }
            return (text[..<colon], text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }()
        let words = declaration.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let expected = "expected 'param: NAME TYPE required|optional|default VALUE[: description]' with TYPE one of "
            + QueryParameter.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            + " (a number may add a bound such as real>0 or integer>=1, a date one such as date>=from, text a minimum length such as text>=2; +WORD accepts WORD too)"
        guard words.count >= 3 else { throw broken("param: \(expected)") }
        let name = words[0]
        guard name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw broken("param \(name): a parameter name is lower case letters, digits and _")
        }
        var typeParts = words[1].lowercased().split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        let alsoAccepted = Array(typeParts.dropFirst())
        var typeText = typeParts.removeFirst()
        var bound: QueryParameter.Bound?
        if let mark = typeText.firstIndex(of: ">") {
            let limit = typeText[mark...]
            typeText = String(typeText[..<mark])
            let inclusive = limit.hasPrefix(">=")
            let value = String(limit.dropFirst(inclusive ? 2 : 1))
            switch (typeText, Double(value)) {
            // A bound of nan or inf (Double reads both, and 1e400 as inf) would refuse every value.
            case ("integer", let number?) where number.isFinite, ("real", let number?) where number.isFinite:
                bound = inclusive ? .atLeast(number) : .above(number)
            case ("text", let number?) where inclusive && number >= 1 && number == number.rounded(): bound = .atLeast(number)
            case ("date", nil) where inclusive && !value.isEmpty, ("isoweek", nil) where inclusive && !value.isEmpty: bound = .notBefore(value)
            default: throw broken("param \(name): bound '\(limit)' does not fit type \(typeText); \(expected)")
            }
        }
        guard let kind = QueryParameter.Kind(rawValue: typeText), !alsoAccepted.contains(where: \.isEmpty) else {
            throw broken("param \(name): unknown type '\(words[1])'; \(expected)")
        }
        if kind == .choice && alsoAccepted.isEmpty {
            throw broken("param \(name): a choice lists its words (choice+admin+square); \(expected)")
        }
        let requirement: QueryParameter.Requirement
        switch words[2].lowercased() {
        case "required" where words.count == 3: requirement = .required
        case "optional" where words.count == 3: requirement = .optional
        case "default" where words.count >= 4: requirement = .defaultValue(words[3...].joined(separator: " "))
        default: throw broken("param \(name): \(expected)")
        }
        let parameter = QueryParameter(
            name: name, kind: kind, requirement: requirement, description: description, bound: bound, alsoAccepted: alsoAccepted)
        if case .defaultValue(let value) = requirement {
            do { _ = try parameter.bindings(for: value, query: "", metricCRS: nil) } catch {
                throw broken("param \(name): default '\(value)' is not \(parameter.expected)")
            }
        }
        return parameter
    }

    /// Every placeholder value for the given `--param` values, defaults filled in; points are
    /// projected into `metricCRS` (the store's; nil only to check the values).
    ///
    /// - Throws: a `QueryError` for an unknown, missing or ill-typed parameter; no SQL has run.
    public func bindings(for values: [String: String], metricCRS: MetricCRS?) throws -> [String: SQLValue] {
        for key in values.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
            throw QueryError.unknownParameter(query: name, parameter: key, declared: parameters.map(\.name))
        }
        var bound: [String: SQLValue] = [:]
        for parameter in parameters {
            var value = values[parameter.name]
            if value == nil {
                switch parameter.requirement {
                case .required: throw QueryError.missingParameter(query: name, parameter: parameter.name, expected: parameter.expected)
                case .optional: break
                case .defaultValue(let fallback): value = fallback
                }
            }
            for (placeholder, v) in try parameter.bindings(for: value, query: name, metricCRS: metricCRS) { bound[placeholder] = v }
        }
        // A period that ends before it starts would select nothing.
        for parameter in parameters {
            guard case .notBefore(let other) = parameter.bound, case .text(let value)? = bound[parameter.name],
                case .text(let earliest)? = bound[other], value < earliest
            else { continue }
            throw QueryError.invalidParameter(
                query: name, parameter: parameter.name, value: values[parameter.name] ?? value,
                expected: "\(parameter.expected): it is before \(other) (\(earliest))")
        }
        return bound
    }
}
