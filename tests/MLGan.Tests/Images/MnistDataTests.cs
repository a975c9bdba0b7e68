using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets.Mnist;

namespace MLGan.Tests.Images;

[TestClass]
public sealed class MnistDataTests
{
    [TestMethod]
    public void EmbeddedDigits_HaveThePackagesCountsPerClass()
    {
        var digits = MnistDigits.Read();
        Assert.HasCount(10_000, digits);
        var counts = Enumerable.Range(0, 10).Select(c => digits.Count(d => d.Label == c)).ToArray();
        CollectionAssert.AreEqual(new[] { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 }, counts);
        Assert.IsTrue(digits.All(d => d.Pixels.Length == 784));
        // Real digits: ink on a blank background, never blank images.
        Assert.IsTrue(digits.All(d => d.Pixels[0] == 0 && d.Pixels.Max() >= 128));
    }

    [TestMethod]
    public void Splits_AreDisjointAndHoldOutEveryTenthDigitOfEachClass()
    {
        var train = MnistDigits.Read(MnistSplit.Train);
        var test = MnistDigits.Read(MnistSplit.Test);
        Assert.HasCount(10_000, train.Concat(test).ToList());
        Assert.HasCount(997, test); // 100 of each class, 112 of the 1,127 ones, ...
        var trainSet = train.ToHashSet();
        Assert.IsFalse(test.Any(trainSet.Contains));
        Assert.AreEqual(86, test.Count(d => d.Label == 5)); // 863 fives
    }

    [TestMethod]
    public void Load_GivesAPixelVectorWithImageDimensionsAndAKeyLabel()
    {
        var ml = new MLContext(1);
        var data = MnistDigits.Load(ml, MnistSplit.Test);
        var features = (VectorDataViewType)data.Schema["Features"].Type;
        CollectionAssert.AreEqual(new[] { 1, 28, 28 }, features.Dimensions.ToArray());
        var label = (KeyDataViewType)data.Schema["Label"].Type;
        Assert.AreEqual(10UL, label.Count);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        data.Schema["Label"].GetKeyValues(ref names);
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray(), names.DenseValues().Select(v => v.ToString()).ToArray());

        var first = MnistDigits.Read(MnistSplit.Test)[0];
        var row = data.GetColumn<float[]>("Features").First();
        CollectionAssert.AreEqual(first.Pixels.Select(p => p / 255f).ToArray(), row);
        Assert.AreEqual((uint)first.Label + 1, data.GetColumn<uint>("Label").First());
    }
}

[TestClass]
public sealed class MnistClassifierTests
{
    [TestMethod]
    public void FrozenClassifier_IsAtLeast98Point5PercentAccurateOnTheHeldOutDigits()
    {
        using var classifier = MnistClassifier.LoadFrozen();
        double accuracy = classifier.Accuracy(MnistDigits.Read(MnistSplit.Test));
        Assert.IsGreaterThanOrEqualTo(0.985, accuracy, $"held-out accuracy {accuracy:P2}");
    }

    [TestMethod]
    public void Features_AreOneEmbeddingOf128ValuesPerImage()
    {
        using var classifier = MnistClassifier.LoadFrozen();
        var digits = MnistDigits.Read(MnistSplit.Test).Take(3).ToList();
        var pixels = digits.SelectMany(d => d.Pixels.Select(p => p / 255f)).ToArray();
        var features = classifier.Features(pixels);
        Assert.HasCount(3 * MnistClassifier.FeatureSize, features);
        Assert.IsTrue(features.All(float.IsFinite));
        // Features of one image do not depend on the others in the batch.
        var alone = classifier.Features(pixels.AsSpan(0, 784));
        for (int i = 0; i < alone.Length; i++)
            Assert.AreEqual(features[i], alone[i], 1e-4);
        Assert.ThrowsExactly<ArgumentException>(() => classifier.Classify(new float[100]));
    }
}
