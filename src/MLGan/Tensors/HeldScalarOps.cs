using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Tensors;

/// <summary>
/// Tensor arithmetic with every <see cref="Scalar"/> held by a reachable object until libtorch has finished with it.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns numbers into <see cref="Scalar"/> objects implicitly, in the caller (<c>tensor * 0.5</c>) and
/// inside its own methods (<c>a + b</c> calls <c>add(b, 1)</c>, <c>square()</c> calls <c>pow(2)</c>, <c>softplus()</c>
/// and <c>add_(Scalar)</c> build theirs), and then passes only the native handle on. Nothing keeps such a temporary
/// alive during the native call, so a garbage collection started by another thread can run its finalizer and free the
/// scalar while libtorch reads it: a rare crash ("INTERNAL ASSERT FAILED at c10/core/Scalar.h", or a wrong value),
/// seen in test runs that train in parallel. Each method here computes exactly what the operator it replaces computes
/// (same libtorch kernel, same operands), with its scalars in static fields or disposed only after the call.
/// <c>TemporaryScalarTests</c> keeps the library free of the implicit forms.
/// </remarks>
internal static class HeldScalarOps
{
    /// <summary>The integer 1 that TorchSharp passes as <c>alpha</c> for a plain add (integer, so integer tensors stay integer).</summary>
    public static readonly Scalar One = 1.ToScalar();
    private static readonly Scalar Two = 2.ToScalar();
    /// <summary>The integer 0.</summary>
    public static readonly Scalar Zero = 0.ToScalar();
    /// <summary><c>true</c>, for boolean fills.</summary>
    public static readonly Scalar True = true.ToScalar();
    private static readonly Scalar SoftplusBeta = 1.0.ToScalar();
    private static readonly Scalar SoftplusThreshold = 20.0.ToScalar();

    // TorchSharp's softplus(double, double) converts both numbers; its Scalar overload is private. Bound once;
    // should a later TorchSharp rename it, the public method (same kernel) is used instead.
    private static readonly Func<Tensor, Scalar, Scalar, Tensor>? SoftplusWithScalars =
        typeof(Tensor).GetMethod("softplus1", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(Scalar), typeof(Scalar)])
            ?.CreateDelegate<Func<Tensor, Scalar, Scalar, Tensor>>();

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a.add_(b)</c>; returns <paramref name="a"/>.</summary>
    public static Tensor AddInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary><c>a.add_(value)</c> with a held scalar; returns <paramref name="a"/>.</summary>
    public static Tensor AddInPlace(this Tensor a, Scalar value) => a.add_(value, One);

    /// <summary><c>a.add(value)</c> with a held scalar.</summary>
    public static Tensor Plus(this Tensor a, Scalar value) => a.add(value, One);

    /// <summary><c>a + value</c> with an integer scalar (integer tensors stay integer).</summary>
    public static Tensor Plus(this Tensor a, long value) => With(value, v => a.add(v, One));

    /// <summary><c>a - value</c>.</summary>
    public static Tensor Minus(this Tensor a, double value) => With(value, a.sub);

    /// <summary><c>a - value</c> with an integer scalar (integer tensors stay integer).</summary>
    public static Tensor Minus(this Tensor a, long value) => With(value, a.sub);

    /// <summary><c>value - a</c>, computed as TorchSharp does: <c>(-a) + value</c>.</summary>
    public static Tensor SubtractedFrom(this Tensor a, double value) => With(value, v => a.neg().add(v, One));

    /// <summary><c>value - a</c> with an integer scalar, computed as TorchSharp does: <c>(-a) + value</c>.</summary>
    public static Tensor SubtractedFrom(this Tensor a, long value) => With(value, v => a.neg().add(v, One));

    /// <summary><c>a * value</c>.</summary>
    public static Tensor Times(this Tensor a, double value) => With(value, a.mul);

    /// <summary><c>a.mul_(value)</c>; returns <paramref name="a"/>.</summary>
    public static Tensor MulInPlace(this Tensor a, double value) => With(value, a.mul_);

    /// <summary><c>a / value</c>.</summary>
    public static Tensor DividedBy(this Tensor a, double value) => With(value, v => a.div(v));

    /// <summary><c>a / value</c> with an integer scalar, as <c>a / count</c> passes it.</summary>
    public static Tensor DividedBy(this Tensor a, long value) => With(value, v => a.div(v));

    /// <summary><c>a.div_(value)</c> with an integer scalar; returns <paramref name="a"/>.</summary>
    public static Tensor DivInPlace(this Tensor a, long value) => With(value, v => a.div_(v));

    /// <summary><c>a.remainder(value)</c>.</summary>
    public static Tensor Remainder(this Tensor a, long value) => With(value, a.remainder);

    /// <summary><c>a.clamp_min(value)</c>.</summary>
    public static Tensor ClampMin(this Tensor a, double value) => With(value, a.clamp_min);

    /// <summary><c>a.clamp_min(value)</c> with an integer scalar (integer tensors stay integer).</summary>
    public static Tensor ClampMin(this Tensor a, long value) => With(value, a.clamp_min);

    /// <summary><c>a.clamp_min_(value)</c> with an integer scalar (integer tensors stay integer); returns <paramref name="a"/>.</summary>
    public static Tensor ClampMinInPlace(this Tensor a, long value) => With(value, a.clamp_min_);

    /// <summary><c>a.clamp_max_(value)</c> with an integer scalar; returns <paramref name="a"/>.</summary>
    public static Tensor ClampMaxInPlace(this Tensor a, long value) => With(value, a.clamp_max_);

    /// <summary><c>a.le(value)</c>.</summary>
    public static Tensor LessOrEqual(this Tensor a, double value) => With(value, a.le);

    /// <summary><c>a.lt(value)</c> with an integer scalar.</summary>
    public static Tensor LessThan(this Tensor a, long value) => With(value, a.lt);

    /// <summary><c>a.gt(value)</c> with an integer scalar.</summary>
    public static Tensor GreaterThan(this Tensor a, long value) => With(value, a.gt);

    /// <summary><c>a.ge(value)</c> with an integer scalar.</summary>
    public static Tensor GreaterOrEqual(this Tensor a, long value) => With(value, a.ge);

    /// <summary><c>a.eq(value)</c> with an integer scalar.</summary>
    public static Tensor EqualTo(this Tensor a, long value) => With(value, a.eq);

    /// <summary><c>full(count, value)</c>.</summary>
    public static Tensor Full(long count, double value, ScalarType dtype, Device? device = null) =>
        With(value, v => full(count, v, dtype: dtype, device: device));

    /// <summary><c>a.square()</c> (TorchSharp computes it as <c>pow(2)</c>).</summary>
    public static Tensor Squared(this Tensor a) => a.pow(Two);

    /// <summary><c>a.pow_(2)</c> in place; returns <paramref name="a"/>.</summary>
    public static Tensor SquaredInPlace(this Tensor a) => a.pow_(Two);

    /// <summary><c>a.softplus()</c>: log(1 + exp(a)), with libtorch's default beta 1 and threshold 20.</summary>
    public static Tensor Softplus(this Tensor a) =>
        SoftplusWithScalars is { } softplus ? softplus(a, SoftplusBeta, SoftplusThreshold) : a.softplus();

    /// <summary><c>arange(count)</c>: 0, 1, ..., count - 1 as int64.</summary>
    public static Tensor Range(long count, Device? device = null) => With(count, stop => arange(Zero, stop, One, ScalarType.Int64, device));

    // The scalar is disposed after the operation has returned, so it outlives the native call.
    private static Tensor With(double value, Func<Scalar, Tensor> operation)
    {
        using var held = value.ToScalar();
        return operation(held);
    }

    private static Tensor With(long value, Func<Scalar, Tensor> operation)
    {
        using var held = value.ToScalar();
        return operation(held);
    }
}
