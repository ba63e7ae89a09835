/// A parameter whose value cannot be used: its name, the value given, and what was expected
/// (or why that value does not fit the data).
///
/// Named by the HTTP API's snake-case name; the command line shows the same name as a flag
/// (`min_points` → `--min-points`), so one error reads right in both front ends.
public struct ParameterError: ClassifiedError, Sendable, Equatable {
    public var name: String
    /// The value as given; nil when the parameter was missing.
    public var value: String?
    /// What was expected, or why the value cannot be used ("expected a positive number of
    /// metres", "no area has this code").
    public var expected: String
    public var kind: ErrorKind
    /// The flag's name when it is not the parameter's in kebab case (`f` is `--format`).
    private var flagName: String?

    /// - Parameter kind: `.usage` for a malformed value, `.rejected` for a well-formed one the
    ///   data cannot answer (an unknown code), `.notFound` for a named thing that is missing.
    public init(_ name: String, _ value: String?, _ expected: String, kind: ErrorKind = .usage, flag: String? = nil) {
        self.name = name
        self.value = value
        self.expected = expected
        self.kind = kind
        flagName = flag
    }

    /// The same, with a number as the value, written as people write it (300, not 300.0).
    public init(_ name: String, number: Double, _ expected: String, kind: ErrorKind = .usage) {
        self.init(name, ParameterError.text(number), expected, kind: kind)
    }

    public var parameter: String? { name }

    /// The command-line flag of the parameter.
    public var flag: String { "--" + (flagName ?? name.replacingOccurrences(of: "_", with: "-")) }

    public func message(for frontEnd: FrontEnd) -> String {
        switch frontEnd {
        case .commandLine: value.map { "\(flag) \($0): \(expected)" } ?? "\(flag): \(expected)"
        case .http: value.map { "\(name)=\($0) is not valid: \(expected)" } ?? "\(name): \(expected)"
        }
    }

    public var description: String { message(for: .commandLine) }

    /// A number as people write it: integral values without a decimal point.
    static func text(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
