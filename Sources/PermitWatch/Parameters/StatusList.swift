import Enforcement
import Foundation

/// A comma-separated list of statuses as users write it (`unlicensed,rectifying`, or in Chinese).
public enum StatusList {
    static let expected = "expected statuses separated by commas: permitted, registered, rectifying, special or unlicensed"

    /// - Throws: `ParameterError` naming `parameter` and the status that is not one.
    public static func parse(_ text: String, parameter: String) throws -> [SourceStatus] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw ParameterError(parameter, text, expected) }
        return try parts.map { part in
            guard let status = SourceStatus(parsing: part) else {
                throw ParameterError(parameter, text, "\(part) is not a status; \(expected)")
            }
            return status
        }
    }
}
