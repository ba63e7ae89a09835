/// Unified social credit codes (GB 32100-2015) for generated sources.
///
/// Layout: registration authority `9` (market regulation), entity type `1` (enterprise) or `2`
/// (individual business), the 6-digit county code where the source is registered, a 9-character
/// organisation code (8 characters plus its GB 11714 check), and the GB 32100 check character.
/// Organisation codes come from an affine permutation of the source index, so no two sources
/// share a code. The check is computed here with the same weights as
/// `Enforcement.USCC.checkCharacter(for:)` (a test holds the two together), without building
/// Strings, because it runs for every source.
enum USCCMaker {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    private static let orgWeights = [3, 7, 9, 10, 5, 8, 4, 2]
    private static let orgSpace: UInt64 = 852_891_037_441  // 31^8

    /// Appends the 18 characters of a code; `wrongCheck` replaces the check character by another.
    static func write(
        into out: inout ByteBuffer, index: Int, county: [UInt8], individual: Bool, wrongCheck: Bool, rng: inout SeededRandom
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { body in
            body[0] = UInt8(ascii: "9")
            body[1] = UInt8(ascii: individual ? "2" : "1")
            for k in 0..<6 { body[2 + k] = k < county.count ? county[k] : UInt8(ascii: "0") }
            // Organisation code body: 8 symbols of a permuted index (31^8 > any source count).
            var v = (UInt64(index) &* 743_580_152_159 &+ 94_863_214_707) % orgSpace
            for k in stride(from: 7, through: 0, by: -1) {
                body[8 + k] = alphabet[Int(v % 31)]
                v /= 31
            }
            // GB 11714 check: 11 - (sum of value x weight mod 11); 10 -> X, 11 -> 0.
            var sum = 0
            for k in 0..<8 {
                let c = body[8 + k]
                let value = c <= UInt8(ascii: "9") ? Int(c) - 48 : Int(c) - 65 + 10
                sum += value * orgWeights[k]
            }
            let c9 = 11 - sum % 11
            body[16] = c9 == 10 ? UInt8(ascii: "X") : (c9 == 11 ? UInt8(ascii: "0") : UInt8(48 + c9))
            var check = 0
            for k in 0..<17 { check += values[Int(body[k])] * weights[k] }
            check = (31 - check % 31) % 31
            if wrongCheck { check = (check + 1 + rng.below(30)) % 31 }
            body[17] = alphabet[check]
            for k in 0..<18 { out.byte(body[k]) }
        }
    }

    /// Symbol values by byte (0 for bytes outside the alphabet, which the maker never emits).
    private static let values: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for (v, b) in alphabet.enumerated() { table[Int(b)] = v }
        return table
    }()

}
