/// The unified social credit code (统一社会信用代码) of GB 32100-2015.
///
/// 18 characters from a 31-symbol alphabet; the last is a check character computed from the
/// first 17. Codes issued early in the reform fail the check legitimately, so a failed check is
/// a warning, never a reason to reject a source.
public enum USCC {
    /// The 31 symbols in value order (no I, O, S, V, Z).
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character for the first 17 characters, or nil if one is not in the alphabet.
    public static func checkCharacter(for body: some StringProtocol) -> Character? {
        let chars = Array(body.uppercased())
        guard chars.count >= 17 else { return nil }
        var sum = 0
        for i in 0..<17 {
            guard let value = alphabet.firstIndex(of: chars[i]) else { return nil }
            sum += value * weights[i]
        }
        let check = (31 - sum % 31) % 31
        return alphabet[check]
    }

    public enum Verdict: Equatable, Sendable {
        case valid
        /// Not 18 characters, or a character outside the alphabet.
        case malformed
        /// Well formed, but the 18th character is not the one the first 17 call for.
        case wrongCheckCharacter(expected: Character)
    }

    public static func verify(_ code: some StringProtocol) -> Verdict {
        let chars = Array(code.uppercased())
        guard chars.count == 18, chars.allSatisfy({ alphabet.contains($0) }) else { return .malformed }
        guard let expected = checkCharacter(for: String(chars[0..<17])) else { return .malformed }
        return chars[17] == expected ? .valid : .wrongCheckCharacter(expected: expected)
    }
}
