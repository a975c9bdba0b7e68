using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Data;

/// <summary>
/// Checks that a column is a known-size vector of <see cref="float"/>, the shape of column MLGan learns,
/// generates and reads latent vectors from. The messages say what is wrong and how to fix it.
/// </summary>
internal static class FeatureColumn
{
    /// <summary>Validates <paramref name="name"/> in a data schema and returns its vector size.</summary>
    /// <param name="role">What the column is for, as the user named it, e.g. "feature" or "latent".</param>
    /// <param name="option">The option that names the column, e.g. "GanOptions.FeatureColumnName".</param>
    /// <param name="expectedSize">When set, the size the column must have.</param>
    /// <param name="dataName">What the data is, for error messages (e.g. "training data", "validation data").</param>
    public static int Check(DataViewSchema schema, string name, string role, string option, int? expectedSize = null, string dataName = "input data")
    {
        var column = schema.GetColumnOrNull(name);
        if (column is null)
            throw new ArgumentOutOfRangeException(nameof(schema), Missing(name, role, option, schema.Where(c => !c.IsHidden).Select(c => c.Name), dataName));
        if (column.Value.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema), WrongType(name, role, column.Value.Type.ToString() ?? "?", dataName));
        if (!vector.IsKnownSize)
            throw new ArgumentOutOfRangeException(nameof(schema), VariableSize(name, role, dataName));
        if (expectedSize is int size && vector.Size != size)
            throw new ArgumentOutOfRangeException(nameof(schema), WrongSize(name, role, vector.Size, size, dataName));
        return vector.Size;
    }

    /// <summary>The same checks on an estimator's schema shape (sizes are not known there).</summary>
    public static void Check(SchemaShape shape, string name, string role, string option)
    {
        var matches = shape.Where(c => c.Name == name).ToList();
        if (matches.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(shape), Missing(name, role, option, shape.Select(c => c.Name)));
        var column = matches[0];
        if (ImagePixels.IsImage(column.ItemType))
            return; // an image column: its size is checked when the images are read
        if (column.ItemType != NumberDataViewType.Single || column.Kind == SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(shape), WrongType(name, role, $"{column.Kind} of {column.ItemType}"));
        if (column.Kind == SchemaShape.Column.VectorKind.VariableVector)
            throw new ArgumentOutOfRangeException(nameof(shape), VariableSize(name, role));
    }

    private static string Missing(string name, string role, string option, IEnumerable<string> available, string dataName = "input data")
        => $"The {role} column '{name}' was not found in the {dataName}. Available columns: {string.Join(", ", available.Select(n => $"'{n}'"))}. " +
           $"Set {option} to the column to use.";

    private static string WrongType(string name, string role, string actual, string dataName = "input data")
        => $"The {role} column '{name}' has type {actual} in the {dataName}, but MLGan needs a known-size vector of Single (float) or images (MLImage). " +
           "Build one with mlContext.Transforms.Concatenate(...) and, for other number types, mlContext.Transforms.Conversion.ConvertType(..., DataKind.Single).";

    private static string VariableSize(string name, string role, string dataName = "input data")
        => $"The {role} column '{name}' is a variable-size vector in the {dataName}, but every row must have the same length. " +
           "Give the column a fixed size, e.g. [VectorType(N)] on the input class or a SchemaDefinition with a known size.";

    private static string WrongSize(string name, string role, int actual, int expected, string dataName)
        => $"The {role} column '{name}' has {actual} values per row in the {dataName}, but the model expects {expected}. " +
           "Use data of the shape the model was trained with.";
}
