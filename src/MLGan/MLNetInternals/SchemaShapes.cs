using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data.BlockMapping;

namespace MLGan.MLNetInternals;

/// <summary>Builds <see cref="SchemaShape"/>s (whose column constructor and factory ML.NET keeps internal).</summary>
internal static class SchemaShapes
{
    /// <summary>The shape of a data schema, as ML.NET pipelines hand it to estimators.</summary>
    public static SchemaShape From(DataViewSchema schema) => SchemaShape.Create(schema);

    /// <summary><paramref name="input"/> with <paramref name="columns"/> added (or replacing columns of the same name).</summary>
    public static SchemaShape With(SchemaShape input, IEnumerable<AddedColumn> columns)
    {
        var result = input.ToDictionary(c => c.Name);
        foreach (var column in columns)
        {
            var (kind, itemType) = column.Type is VectorDataViewType vector
                ? (SchemaShape.Column.VectorKind.Vector, vector.ItemType)
                : (SchemaShape.Column.VectorKind.Scalar, column.Type);
            result[column.Name] = new SchemaShape.Column(column.Name, kind, itemType, isKey: false);
        }
        return new SchemaShape(result.Values);
    }
}
