import Foundation

/// One attribute of a feature as the file stores it, in Swift terms.
///
/// Numbers stay numbers (a code stored as an integer, a coordinate as a real) so a caller can
/// tell `4401` from `"4401"` when it matters; `text` gives the form a person would type.
public enum FieldValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    /// Strings, and everything else (dates, lists, JSON) in GDAL's text form, as UTF-8.
    case text(String)

    /// The value as text: integers without a fraction, reals in their shortest exact form,
    /// nil for null (and for empty text, which spreadsheets and `.dbf` files use for "none").
    public var text: String? {
        switch self {
        case .null: nil
        case .integer(let n): String(n)
        case .real(let x): x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        case .text(let s): s.isEmpty ? nil : s
        }
    }

    /// The value as a number when it is one (or text that reads as one).
    public var number: Double? {
        switch self {
        case .null: nil
        case .integer(let n): Double(n)
        case .real(let x): x
        case .text(let s): Double(s.trimmingCharacters(in: .whitespaces))
        }
    }
}
