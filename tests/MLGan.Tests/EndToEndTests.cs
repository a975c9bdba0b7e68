using Microsoft.ML;

namespace MLGan.Tests;

[TestClass]
public sealed class EndToEndTests
{
    [TestMethod]
    public void FitGenerateSaveLoad_SameSamples()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Ring(ml, 256);
        using var model = ml.Gan().Trainers.Gan(TestData.Tiny()).Fit(data);

        var generated = TestData.ReadVectors(ml.Gan().Generate(model, 10, seed: 3));
        Assert.HasCount(10, generated);
        Assert.IsTrue(generated.All(r => r.Length == 2 && r.All(float.IsFinite)));

        var path = Path.Combine(Path.GetTempPath(), $"mlgan-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = new MLContext().Model.Load(path, out _);
            var again = TestData.ReadVectors(new MLContext().Gan().Generate(loaded, 10, seed: 3));
            CollectionAssert.AreEqual(generated.SelectMany(r => r).ToArray(), again.SelectMany(r => r).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
