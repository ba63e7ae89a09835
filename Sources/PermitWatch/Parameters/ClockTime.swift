/// A clock time as planners write it, `08:30`.
public enum ClockTime {
    /// Minutes after midnight.
    ///
    /// - Throws: `ParameterError` naming `parameter`.
    public static func minutes(_ text: String, parameter: String) throws -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let hours = parts[0], let minutes = parts[1], (0..<24).contains(hours), (0..<60).contains(minutes) else {
            throw ParameterError(parameter, text, "expected a clock time HH:MM")
        }
        return hours * 60 + minutes
    }
}
