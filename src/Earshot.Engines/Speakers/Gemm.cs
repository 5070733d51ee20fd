using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Earshot.Engines.Speakers;

/// <summary>
/// Y = X·Wᵀ + b for row-major X (rows × k) and W (outputs × k), k padded to a multiple of 8 with zeros.
/// Four rows of X against four rows of W per step keep sixteen 256-bit accumulators in registers, so each loaded
/// vector feeds four multiply-adds; without 256-bit SIMD it falls back to one dot product per output.
/// </summary>
internal static class Gemm
{
    public const int Align = 8;

    public static int Pad(int k) => (k + Align - 1) / Align * Align;

    public static void Multiply(ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> w, int outputs, int k,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        if (k % Align != 0 || x.Length < rows * k || w.Length < outputs * k || y.Length < rows * outputs)
            throw new ArgumentException("Matrix sizes do not match.");
        var r = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; r + 4 <= rows; r += 4)
            {
                var o = 0;
                for (; o + 4 <= outputs; o += 4)
                    Block4x4(x.Slice(r * k), w.Slice(o * k), k, bias.Slice(o, 4), y.Slice(r * outputs + o), outputs);
                for (; o < outputs; o++)
                    for (var i = 0; i < 4; i++)
                        y[(r + i) * outputs + o] = bias[o] + TensorPrimitives.Dot(x.Slice((r + i) * k, k), w.Slice(o * k, k));
            }
        }
        for (; r < rows; r++)
            for (var o = 0; o < outputs; o++)
                y[r * outputs + o] = bias[o] + TensorPrimitives.Dot(x.Slice(r * k, k), w.Slice(o * k, k));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x4(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int k, ReadOnlySpan<float> bias, Span<float> y, int stride)
    {
        ref var x0 = ref Unsafe.AsRef(in x[0]);
        ref var w0 = ref Unsafe.AsRef(in w[0]);
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector256<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector256<float> a30 = default, a31 = default, a32 = default, a33 = default;
        for (var i = 0; i < k; i += 8)
        {
            var v0 = Vector256.LoadUnsafe(ref w0, (nuint)i);
            var v1 = Vector256.LoadUnsafe(ref w0, (nuint)(k + i));
            var v2 = Vector256.LoadUnsafe(ref w0, (nuint)(2 * k + i));
            var v3 = Vector256.LoadUnsafe(ref w0, (nuint)(3 * k + i));
            var u = Vector256.LoadUnsafe(ref x0, (nuint)i);
            a00 = Vector256.FusedMultiplyAdd(u, v0, a00); a01 = Vector256.FusedMultiplyAdd(u, v1, a01);
            a02 = Vector256.FusedMultiplyAdd(u, v2, a02); a03 = Vector256.FusedMultiplyAdd(u, v3, a03);
            u = Vector256.LoadUnsafe(ref x0, (nuint)(k + i));
            a10 = Vector256.FusedMultiplyAdd(u, v0, a10); a11 = Vector256.FusedMultiplyAdd(u, v1, a11);
            a12 = Vector256.FusedMultiplyAdd(u, v2, a12); a13 = Vector256.FusedMultiplyAdd(u, v3, a13);
            u = Vector256.LoadUnsafe(ref x0, (nuint)(2 * k + i));
            a20 = Vector256.FusedMultiplyAdd(u, v0, a20); a21 = Vector256.FusedMultiplyAdd(u, v1, a21);
            a22 = Vector256.FusedMultiplyAdd(u, v2, a22); a23 = Vector256.FusedMultiplyAdd(u, v3, a23);
            u = Vector256.LoadUnsafe(ref x0, (nuint)(3 * k + i));
            a30 = Vector256.FusedMultiplyAdd(u, v0, a30); a31 = Vector256.FusedMultiplyAdd(u, v1, a31);
            a32 = Vector256.FusedMultiplyAdd(u, v2, a32); a33 = Vector256.FusedMultiplyAdd(u, v3, a33);
        }
        Store(y, 0, bias, Vector256.Sum(a00), Vector256.Sum(a01), Vector256.Sum(a02), Vector256.Sum(a03));
        Store(y, stride, bias, Vector256.Sum(a10), Vector256.Sum(a11), Vector256.Sum(a12), Vector256.Sum(a13));
        Store(y, 2 * stride, bias, Vector256.Sum(a20), Vector256.Sum(a21), Vector256.Sum(a22), Vector256.Sum(a23));
        Store(y, 3 * stride, bias, Vector256.Sum(a30), Vector256.Sum(a31), Vector256.Sum(a32), Vector256.Sum(a33));
    }

    private static void Store(Span<float> y, int at, ReadOnlySpan<float> bias, float s0, float s1, float s2, float s3)
    {
        y[at] = s0 + bias[0];
        y[at + 1] = s1 + bias[1];
        y[at + 2] = s2 + bias[2];
        y[at + 3] = s3 + bias[3];
    }
}
