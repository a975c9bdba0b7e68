using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.MLNetInternals;

/// <summary>Builds <see cref="SchemaShape"/>s (whose column constructor and factory ML.NET keeps internal).</summary>
internal static class SchemaShapes
{
    /// <summary>The shape of a data schema, as ML.NET pipelines hand it to estimators.</summary>
    public static SchemaShape From(DataViewSchema schema) => SchemaShape.Create(schema);

    /// <summary><paramref name="input"/> with a known-size vector-of-Single column <paramref name="name"/> added or replaced.</summary>
    public static SchemaShape WithSingleVector(SchemaShape input, string name)
    {
        var columns = input.ToDictionary(c => c.Name);
        columns[name] = new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, isKey: false);
        return new SchemaShape(columns.Values);
    }
}
