/// Reed-Solomon error correction over GF(256) with the field polynomial x⁸+x⁴+x³+x²+1 (0x11D),
/// as QR codes use it (ISO/IEC 18004 §7.5.2): the generator's roots are α⁰ … α^(n-1), α = 2.
enum ReedSolomon {
    /// The product of two field elements (Russian-peasant multiplication, reduced by 0x11D).
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product = 0
        for bit in (0..<8).reversed() {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= Int((y >> UInt8(bit)) & 1) * Int(x)
        }
        return UInt8(product)
    }

    /// The generator polynomial of `degree`, highest coefficient first and the leading 1 left out.
    static func generator(degree: Int) -> [UInt8] {
        precondition((1...255).contains(degree), "a Reed-Solomon degree is 1 to 255")
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 2)
        }
        return result
    }

    /// The error-correction codewords of `data`: the remainder of data·x^n divided by the generator.
    static func remainder(of data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(generator[index], factor) }
        }
        return result
    }
}
