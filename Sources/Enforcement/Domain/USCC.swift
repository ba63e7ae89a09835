/// The unified social credit code (统一社会信用代码) of GB 32100-2015.
///
/// 18 characters from a 31-symbol alphabet; the last is a check character computed from the
/// first 17. Codes issued early in the reform fail the check legitimately, so a failed check is
/// a warning, never a reason to reject a source.
public enum USCC {
    /// The 31 symbols in value order (no I, O, S, V, Z).
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// Symbol value by ASCII byte (lower case accepted), -1 outside the alphabet.
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, symbol) in alphabet.enumerated() {
            let byte = symbol.asciiValue!
            table[Int(byte)] = Int8(value)
            if byte >= 0x41 && byte <= 0x5A { table[Int(byte + 0x20)] = Int8(value) }
        }
        return table
    }()

    /// The check character for the first 17 characters, or nil if one is not in the alphabet.
    public static func checkCharacter(for body: some StringProtocol) -> Character? {
        let bytes = Array(body.utf8)
        guard bytes.count >= 17 else { return nil }
        var sum = 0
        for i in 0..<17 {
            let value = values[Int(bytes[i])]
            guard value >= 0 else { return nil }
            sum += Int(value) * weights[i]
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    public enum Verdict: Equatable, Sendable {
        case valid
        /// Not 18 characters, or a character outside the alphabet.
        case malformed
        /// Well formed, but the 18th character is not the one the first 17 call for.
        case wrongCheckCharacter(expected: Character)
    }

    public static func verify(_ code: some StringProtocol) -> Verdict {
        // On the bytes in place: a register's every row has one, and copying each code into an
        // array (or comparing Characters) cost more than the rest of the check.
        if let verdict = code.utf8.withContiguousStorageIfAvailable({ verify(bytes: $0) }) { return verdict }
        return Array(code.utf8).withUnsafeBufferPointer { verify(bytes: $0) }
    }

    private static func verify(bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
        guard bytes.count == 18 else { return .malformed }
        let values = Self.values, weights = Self.weights
        var sum = 0
        for i in 0..<17 {
            let value = values[Int(bytes[i])]
            guard value >= 0 else { return .malformed }
            sum += Int(value) * weights[i]
        }
        let last = values[Int(bytes[17])]
        guard last >= 0 else { return .malformed }
        let expected = (31 - sum % 31) % 31
        return Int(last) == expected ? .valid : .wrongCheckCharacter(expected: alphabet[expected])
    }
}
