using Microsoft.ML;
using MLGan.MLNetInternals;
using Microsoft.ML.Data;

namespace MLGan.Tests;

/// <summary>
/// Conformance checks every MLGan estimator must pass (in the spirit of ML.NET's TestEstimatorCore):
/// the schema it promises is the schema it produces, invalid input fails before and during Fit, and
/// save → load in a fresh context gives identical values.
/// </summary>
internal static class EstimatorChecks
{
    /// <param name="invalid">Data without the feature column: GetOutputSchema and Fit must both reject it.</param>
    /// <param name="featureColumn">The feature column <paramref name="invalid"/> lacks; both errors must name it.</param>
    public static TTransformer Run<TTransformer>(IEstimator<TTransformer> estimator, IDataView valid, IDataView? invalid = null, string featureColumn = "Features")
        where TTransformer : class, ITransformer
    {
        var ml = new MLContext(seed: 1);
        var promised = estimator.GetOutputSchema(SchemaShapes.From(valid.Schema));
        var transformer = estimator.Fit(valid);
        var output = transformer.Transform(valid);

        // Promised columns exist with the promised kind and item type.
        foreach (var column in promised)
        {
            var actual = output.Schema.GetColumnOrNull(column.Name);
            Assert.IsNotNull(actual, $"promised column '{column.Name}' is missing");
            var produced = SchemaShapes.From(output.Schema).Single(c => c.Name == column.Name);
            Assert.AreEqual(column.Kind, produced.Kind, $"kind of '{column.Name}'");
            Assert.AreEqual(column.ItemType, produced.ItemType, $"item type of '{column.Name}'");
        }
        Assert.AreEqual(valid.GetRowCount(), output.GetRowCount(), "a transformer must not change the row count");
        Assert.AreEqual(output.Schema.Count, transformer.GetOutputSchema(valid.Schema).Count);

        if (invalid is not null)
        {
            // Both phases fail with the same exception type (FeatureColumn.Check), naming the missing column.
            var beforeFit = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShapes.From(invalid.Schema)));
            StringAssert.Contains(beforeFit.Message, $"column '{featureColumn}' was not found");
            var duringFit = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(invalid));
            StringAssert.Contains(duringFit.Message, $"column '{featureColumn}' was not found");
        }

        var path = Path.Combine(Path.GetTempPath(), $"mlgan-conformance-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(transformer, valid.Schema, path);
            var loaded = new MLContext().Model.Load(path, out var loadedSchema);
            Assert.AreEqual(valid.Schema.Count, loadedSchema.Count);
            AssertSameValues(output, loaded.Transform(valid));
            (loaded as IDisposable)?.Dispose();
        }
        finally
        {
            File.Delete(path);
        }
        return transformer;
    }

    /// <summary>Every vector-of-Single column of <paramref name="expected"/> has bit-identical values in <paramref name="actual"/>.</summary>
    public static void AssertSameValues(IDataView expected, IDataView actual)
    {
        foreach (var column in expected.Schema.Where(c => !c.IsHidden && c.Type is VectorDataViewType { ItemType: NumberDataViewType })
                                             .Where(c => ((VectorDataViewType)c.Type).ItemType == NumberDataViewType.Single))
        {
            var a = expected.GetColumn<float[]>(column.Name).SelectMany(r => r).ToArray();
            var b = actual.GetColumn<float[]>(column.Name).SelectMany(r => r).ToArray();
            CollectionAssert.AreEqual(a, b, $"values of '{column.Name}' differ");
        }
    }
}
