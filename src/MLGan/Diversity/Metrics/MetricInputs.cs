using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// Argument checks shared by the metric kernels. Every kernel takes sample sets as 2-D floating-point
/// tensors of shape [rows, features] (one sample per row), radii as 1-D tensors with one value per row,
/// all on one device; a bad argument fails with an <see cref="ArgumentException"/> that names it and
/// says what was expected, before any large tensor is allocated.
/// </summary>
internal static class MetricInputs
{
    /// <summary>
    /// Checks that <paramref name="rows"/> is a 2-D floating-point tensor with at least one feature column,
    /// at least <paramref name="minRows"/> rows and only finite values.
    /// </summary>
    public static void Rows(Tensor? rows, string name, long minRows = 1)
    {
        if (rows is null)
            throw new ArgumentNullException(name);
        if (rows.Dimensions != 2)
            throw new ArgumentException(
                $"{name} must be a 2-D tensor of shape [rows, features]; it has shape {Shape(rows)}.", name);
        if (!rows.is_floating_point())
            throw new ArgumentException($"{name} must hold float32 values; it holds {rows.dtype}.", name);
        if (rows.shape[1] < 1)
            throw new ArgumentException($"{name} must have at least one feature column; it has shape {Shape(rows)}.", name);
        if (rows.shape[0] < minRows)
            throw new ArgumentException(
                $"{name} needs at least {minRows} row{(minRows == 1 ? "" : "s")}; it has {rows.shape[0]}.", name);
        Finite(rows, name);
    }

    /// <summary>Checks that two sample sets have the same number of feature columns and live on one device.</summary>
    public static void SameFeatures(Tensor a, string aName, Tensor b, string bName)
    {
        if (a.shape[1] != b.shape[1])
            throw new ArgumentException(
                $"{aName} and {bName} must have the same number of feature columns; they have {a.shape[1]} and {b.shape[1]}.", bName);
        if (!SameDevice(a, b))
            throw new ArgumentException($"{aName} and {bName} must be on the same device; they are on {a.device} and {b.device}.", bName);
    }

    /// <summary>Checks that <paramref name="radii"/> holds one finite, non-negative radius per row of <paramref name="rows"/>.</summary>
    public static void Radii(Tensor? radii, string name, Tensor rows, string rowsName)
    {
        if (radii is null)
            throw new ArgumentNullException(name);
        if (radii.Dimensions != 1 || radii.shape[0] != rows.shape[0])
            throw new ArgumentException(
                $"{name} must be a 1-D tensor with one radius per row of {rowsName} ({rows.shape[0]}); it has shape {Shape(radii)}.", name);
        if (!radii.is_floating_point())
            throw new ArgumentException($"{name} must hold float32 values; it holds {radii.dtype}.", name);
        if (!SameDevice(radii, rows))
            throw new ArgumentException($"{name} must be on the same device as {rowsName}; they are on {radii.device} and {rows.device}.", name);
        Finite(radii, name);
        using var scope = NewDisposeScope();
        if (radii.LessThan(0).any().item<bool>())
            throw new ArgumentException($"{name} must not hold negative radii.", name);
    }

    /// <summary>Checks a block size argument: 0 chooses one automatically, a positive value is a row count.</summary>
    public static void BlockRows(int blockRows, string name = "blockRows")
    {
        if (blockRows < 0)
            throw new ArgumentOutOfRangeException(name, blockRows, $"{name} must be 0 (automatic) or a positive number of rows (got {blockRows}).");
    }

    /// <summary>Throws, naming the first offending position, if <paramref name="values"/> holds a NaN or infinity.</summary>
    private static void Finite(Tensor values, string name)
    {
        using var scope = NewDisposeScope();
        if (values.isfinite().all().item<bool>())
            return;
        long first = (~values.isfinite()).reshape(-1).nonzero()[0, 0].item<long>();
        string where = values.Dimensions == 2 ? $"row {first / values.shape[1]}, column {first % values.shape[1]}" : $"position {first}";
        throw new ArgumentException($"{name} contains a NaN or infinite value (first at {where}); remove or impute such values first.", name);
    }

    /// <summary>Whether two tensors live on the same device (type and index).</summary>
    private static bool SameDevice(Tensor a, Tensor b) => a.device_type == b.device_type && a.device_index == b.device_index;

    /// <summary>A tensor's shape as "[a, b]" for messages.</summary>
    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
