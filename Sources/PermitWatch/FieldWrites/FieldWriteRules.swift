import Crypto
import Foundation
import Store

/// The checks every field write shares: its days, its free texts, its `Idempotency-Key` and
/// the fingerprint that tells a retry from another request under the same key.
enum FieldWriteRules {
    /// A day `YYYY-MM-DD` not after `today`; nil is refused when `required`.
    static func day(_ text: String?, _ name: String, today: String, what: String) throws -> String? {
        guard let text else { return nil }
        guard DateText.isValidDay(text) else { throw ParameterError(name, text, "expected \(what), a date YYYY-MM-DD") }
        guard text <= today else { throw ParameterError(name, text, "\(what) cannot be after today (\(today))") }
        return text
    }

    /// Trimmed text of at most `limit` characters; nil when absent or blank.
    static func optional(_ text: String?, _ name: String, limit: Int) throws -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= limit else { throw ParameterError(name, String(trimmed.prefix(40)) + "…", "expected at most \(limit) characters") }
        return trimmed
    }

    /// 1 to 200 printable characters (a UUID, usually).
    static func checkedKey(_ key: String) throws -> String {
        guard (1...200).contains(key.count), key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw ParameterError("Idempotency-Key", key, "expected 1 to 200 printable ASCII characters, e.g. a UUID")
        }
        return key
    }

    /// The key with the fingerprint of what the request asked (its fields as checked).
    static func idempotency(_ key: String?, request parts: [String?]) throws -> IdempotentRequest? {
        guard let key else { return nil }
        return IdempotentRequest(key: try checkedKey(key), fingerprint: fingerprint(parts.map { $0 ?? "" }))
    }

    /// A SHA-256 of the parts, separated so that no two lists of parts share a fingerprint.
    static func fingerprint(_ parts: [String]) -> String {
        let text = parts.joined(separator: "\u{1F}")
        return SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// What an event says beyond its kind, as a JSON object of its non-empty texts.
    static func details(_ fields: [String: String?]) throws -> String? {
        let present = fields.compactMapValues { $0 }
        guard !present.isEmpty else { return nil }
        return String(decoding: try JSONSerialization.data(withJSONObject: present, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A write the register refused, in the error model's words.
    static func refusal(_ conflict: FieldWriteConflict) -> ParameterError {
        ParameterError(conflict.field, conflict.value, conflict.message, kind: .conflict)
    }
}
