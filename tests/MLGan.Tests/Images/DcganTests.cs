using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;
using MLGan.Networks.Convolutional;

namespace MLGan.Tests.Images;

[TestClass]
public sealed class DcganTests
{
    [TestMethod]
    public void ImageColumn_TrainsDcganAndGeneratesImagesOfTheSameShapeAndRange()
    {
        var ml = new MLContext(1);
        var data = ImageData.Digits(ml, 256);
        using var model = ml.Gan().Trainers.Gan(ImageData.QuickDcgan()).Fit(data);
        StringAssert.StartsWith(model.GeneratorArchitecture, "DCGAN generator 16 -> 1x28x28");
        Assert.AreEqual(GanArchitecture.Dcgan, model.TrainingOptions!.Networks.Architecture);

        var generated = ml.Gan().Generate(model, 40, seed: 2);
        var type = (VectorDataViewType)generated.Schema["Features"].Type;
        CollectionAssert.AreEqual(new[] { 1, 28, 28 }, type.Dimensions.ToArray());
        var rows = TestData.ReadVectors(generated);
        Assert.HasCount(40, rows);
        Assert.IsTrue(rows.All(r => r.Length == 784 && r.All(v => v is >= 0 and <= 1)), "pixels stay in the data's range [0, 1]");
        Assert.IsGreaterThan(0.01, rows.SelectMany(r => r).Distinct().Count() / 784.0 / 40, "not one constant image");
    }

    [TestMethod]
    public void ColourImagesFromImageAnalytics_TrainGenerateAndConvertBackToImages()
    {
        var ml = new MLContext(1);
        var data = ImageData.ColourDigits(ml, 64, side: 32);
        var options = ImageData.QuickDcgan(steps: 4);
        options.FeatureColumnName = "Pixels";
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        StringAssert.Contains(model.GeneratorArchitecture, "3x32x32");

        // Generated pixels are in ExtractPixels' [0, 255] and go back through ConvertToImage to an MLImage and a PNG.
        var generated = ml.Gan().Generate(model, 3, seed: 1);
        var toImage = ml.Transforms.ConvertToImage(32, 32, "Image", "Pixels");
        var images = toImage.Fit(generated).Transform(generated).GetColumn<MLImage>("Image").ToList();
        Assert.HasCount(3, images);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-dcgan-{Guid.NewGuid():N}.png");
        try
        {
            images[0].Save(path);
            using var reloaded = MLImage.CreateFromFile(path);
            Assert.AreEqual(32, reloaded.Width);
            Assert.AreEqual(32, reloaded.Height);
        }
        finally
        {
            File.Delete(path);
            images.ForEach(i => i.Dispose());
        }
        Assert.IsTrue(TestData.ReadVectors(generated, "Pixels").SelectMany(r => r).All(v => v is >= 0 and <= 255));
    }

    [TestMethod]
    public void Model_RoundTripsThroughAZipWithIdenticalImages()
    {
        var ml = new MLContext(1);
        var data = ImageData.Digits(ml, 128);
        using var model = ml.Gan().Trainers.Gan(ImageData.QuickDcgan(steps: 4)).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-dcgan-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)ml.Model.Load(path, out _);
            var before = TestData.ReadVectors(ml.Gan().Generate(model, 10, seed: 4));
            var after = ml.Gan().Generate(loaded, 10, seed: 4);
            CollectionAssert.AreEqual(new[] { 1, 28, 28 }, ((VectorDataViewType)after.Schema["Features"].Type).Dimensions.ToArray());
            CollectionAssert.AreEqual(before.SelectMany(r => r).ToArray(), TestData.ReadVectors(after).SelectMany(r => r).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SixtyFourPixelColourImages_TrainAndRoundTripThroughAZip()
    {
        var ml = new MLContext(1);
        var data = ImageData.ColourDigits(ml, 16, side: 64);
        var options = ImageData.QuickDcgan(steps: 2, width: 4);
        options.FeatureColumnName = "Pixels";
        options.Schedule.BatchSize = 8;
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        StringAssert.StartsWith(model.GeneratorArchitecture, "DCGAN generator 16 -> 3x64x64");
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-dcgan64-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)ml.Model.Load(path, out _);
            EstimatorChecks.AssertSameValues(ml.Gan().Generate(model, 3), ml.Gan().Generate(loaded, 3));
            CollectionAssert.AreEqual(new[] { 3, 64, 64 }, ((VectorDataViewType)ml.Gan().Generate(loaded, 1).Schema["Pixels"].Type).Dimensions.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SameSeed_GivesIdenticalImages()
    {
        float[] Fit()
        {
            var ml = new MLContext(1);
            using var model = ml.Gan().Trainers.Gan(ImageData.QuickDcgan(steps: 3)).Fit(ImageData.Digits(ml, 64));
            return TestData.ReadVectors(ml.Gan().Generate(model, 5)).SelectMany(r => r).ToArray();
        }
        CollectionAssert.AreEqual(Fit(), Fit());
    }

    [TestMethod]
    [DataRow("packing")]
    [DataRow("spectral norm")]
    [DataRow("minibatch discrimination")]
    [DataRow("lazy r1 + layer norm")]
    [DataRow("wgan-gp")]
    [DataRow("feature matching")]
    [DataRow("instance noise")]
    [DataRow("unrolling")]
    [DataRow("several discriminators")]
    [DataRow("least squares, no EMA, no stddev")]
    public void ImageRemedies_TrainWithDcgan(string remedy)
    {
        var options = ImageData.QuickDcgan(steps: 3);
        switch (remedy)
        {
            case "packing": options.Remedies.Packing.Degree = 2; break;
            case "spectral norm": options.Remedies.SpectralNorm.Enabled = true; break;
            case "minibatch discrimination": options.Remedies.MinibatchDiscrimination.Enabled = true; break;
            case "lazy r1 + layer norm":
                options.Remedies.R1.Weight = 1;
                options.Remedies.R1.Interval = 2;
                options.Networks.Convolutional.DiscriminatorNormalization = GanNormalization.LayerNorm;
                break;
            case "wgan-gp": options.Objective.Loss = GanLoss.WassersteinGP; options.Schedule.DiscriminatorStepsPerGeneratorStep = 2; break;
            case "feature matching": options.Remedies.FeatureMatching.Weight = 1; break;
            case "instance noise": options.Remedies.InstanceNoise.InitialStd = 0.1; break;
            case "unrolling": options.Remedies.Unrolling.Steps = 2; break;
            case "several discriminators": options.Remedies.MultipleDiscriminators.Count = 2; break;
            default:
                options.Objective.Loss = GanLoss.LeastSquares;
                options.Remedies.GeneratorEma.Decay = 0;
                options.Remedies.MinibatchStandardDeviation.Enabled = false;
                break;
        }
        var ml = new MLContext(1);
        using var model = ml.Gan().Trainers.Gan(options).Fit(ImageData.Digits(ml, 128));
        Assert.IsTrue(TestData.ReadVectors(ml.Gan().Generate(model, 8)).SelectMany(r => r).All(float.IsFinite));
    }

    [TestMethod]
    [DataRow("mad-gan", "Remedies.MultipleGenerators")]
    [DataRow("veegan", "Remedies.Reconstructor")]
    [DataRow("ebgan", "Remedies.EnergyBased")]
    [DataRow("dropout", "Networks.Discriminator.Dropout")]
    public void MlpOnlyMethods_AreRefusedForImagesWithTheWayOut(string method, string named)
    {
        var options = ImageData.QuickDcgan(steps: 2);
        switch (method)
        {
            case "mad-gan": options.Remedies.MultipleGenerators.Count = 2; break;
            case "veegan": options.Remedies.Reconstructor.Enabled = true; break;
            case "ebgan": options.Remedies.EnergyBased.Enabled = true; options.Remedies.MinibatchStandardDeviation.Enabled = false; break;
            default: options.Networks.Discriminator.Dropout = 0.2; break;
        }
        var ml = new MLContext(1);
        var data = ImageData.Digits(ml, 64);
        // Auto: refused at Fit, once the column is known to hold images.
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Trainers.Gan(options).Fit(data));
        StringAssert.Contains(error.Message, named);
        StringAssert.Contains(error.Message, "GanArchitecture.Mlp");
        // Explicit DCGAN: refused when the estimator is created.
        options.Networks.Architecture = GanArchitecture.Dcgan;
        Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Trainers.Gan(options));
        // Following the advice (MLPs on the flattened pixels) trains.
        options.Networks.Architecture = GanArchitecture.Mlp;
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        Assert.AreEqual(784, model.FeatureSize);
    }

    [TestMethod]
    public void ExplicitDcgan_OnAPlainVectorColumn_SaysWhatAnImageColumnIs()
    {
        var ml = new MLContext(1);
        var options = ImageData.QuickDcgan();
        options.Networks.Architecture = GanArchitecture.Dcgan;
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Trainers.Gan(options).Fit(TestData.Ring(ml, 64)));
        StringAssert.Contains(error.Message, "plain vector of 2 values");
        StringAssert.Contains(error.Message, "[VectorType(1, 28, 28)]");
    }

    private sealed class FlatDigit
    {
        [VectorType(784)]
        public float[] Features = Array.Empty<float>();
    }

    private sealed class SquareDigit
    {
        [VectorType(1, 28, 28)]
        public float[] Features = Array.Empty<float>();
    }

    [TestMethod]
    public void FlatPixels_FollowingTheAdviceToDeclareDimensions_TrainDcgan()
    {
        var ml = new MLContext(1);
        var pixels = MLGan.Datasets.Mnist.MnistDigits.Read().Take(64).Select(d => d.Pixels.Select(p => p / 255f).ToArray()).ToList();
        var options = ImageData.QuickDcgan(steps: 2);
        options.Networks.Architecture = GanArchitecture.Dcgan;
        var flat = ml.Data.LoadFromEnumerable(pixels.Select(p => new FlatDigit { Features = p }));
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Trainers.Gan(options).Fit(flat));
        StringAssert.Contains(error.Message, "[VectorType(1, 28, 28)]");
        using var model = ml.Gan().Trainers.Gan(options).Fit(ml.Data.LoadFromEnumerable(pixels.Select(p => new SquareDigit { Features = p })));
        StringAssert.StartsWith(model.GeneratorArchitecture, "DCGAN");
    }

    [TestMethod]
    public void InterleavedPixels_TrainTheSameNetworksAsPlanarOnes_AndComeBackInterleaved()
    {
        var ml = new MLContext(1);
        var colour = ImageData.ColourDigits(ml, 64, side: 32); // "Resized": MLImage column
        IDataView Pixels(bool interleaved) => ml.Transforms.ExtractPixels("Px", "Resized", interleavePixelColors: interleaved).Fit(colour).Transform(colour);
        var options = ImageData.QuickDcgan(steps: 3);
        options.FeatureColumnName = "Px";
        using var planar = ml.Gan().Trainers.Gan(options).Fit(Pixels(false));
        using var interleaved = ml.Gan().Trainers.Gan(options).Fit(Pixels(true));
        StringAssert.StartsWith(interleaved.GeneratorArchitecture, "DCGAN generator 16 -> 3x32x32");
        var generated = ml.Gan().Generate(interleaved, 4);
        CollectionAssert.AreEqual(new[] { 32, 32, 3 }, ((VectorDataViewType)generated.Schema["Px"].Type).Dimensions.ToArray());
        var shape = new ImageShape(3, 32, 32, Interleaved: true);
        var expected = TestData.ReadVectors(ml.Gan().Generate(planar, 4), "Px");
        var actual = TestData.ReadVectors(generated, "Px");
        for (int i = 0; i < 4; i++)
        {
            var reordered = new float[shape.Size];
            shape.ToPlanar(actual[i], reordered);
            CollectionAssert.AreEqual(expected[i], reordered);
        }
        // ConvertToImage reads them back as images.
        var images = ml.Transforms.ConvertToImage(32, 32, "Image", "Px", interleavedColors: true).Fit(generated).Transform(generated).GetColumn<MLImage>("Image").ToList();
        Assert.HasCount(4, images);
        images.ForEach(i => i.Dispose());
    }

    [TestMethod]
    public void AutoOnAnImageOfAnotherSize_TrainsMlpsAndSaysWhy()
    {
        var ml = new MLContext(1);
        var data = ImageData.ColourDigits(ml, 64, side: 20);
        var options = ImageData.QuickDcgan(steps: 5);
        options.FeatureColumnName = "Pixels";
        var warnings = new List<string>();
        using var model = ml.Gan().Trainers.Gan(options, new OnReport(p => warnings.AddRange(p.Warnings))).Fit(data);
        StringAssert.DoesNotMatch(model.GeneratorArchitecture, new System.Text.RegularExpressions.Regex("DCGAN"));
        Assert.IsTrue(warnings.Any(w => w.Contains("3x20x20") && w.Contains("ResizeImages")), string.Join("\n", warnings));
        CollectionAssert.AreEqual(new[] { 3, 20, 20 }, ((VectorDataViewType)ml.Gan().Generate(model, 1).Schema["Pixels"].Type).Dimensions.ToArray());
    }

    [TestMethod]
    [DataRow(1, 28, 8, false, false, 0, 1, GanNormalization.BatchNorm)]
    [DataRow(3, 32, 4, true, true, 3, 2, GanNormalization.LayerNorm)]
    [DataRow(3, 64, 4, false, true, 0, 4, GanNormalization.None)]
    [DataRow(4, 64, 2, true, false, 2, 1, GanNormalization.BatchNorm)]
    public void SpecParameterCounts_EqualTheBuiltNetworks(int channels, int side, int width, bool spectral, bool stddev, int kernels, int packing, GanNormalization normalization)
    {
        var image = new ImageShape(channels, side, side);
        var generator = new DcganGeneratorSpec(10, image, width, normalization);
        var discriminator = new DcganDiscriminatorSpec(image, width, normalization, spectral, kernels, 3, stddev, PackingDegree: packing);
        foreach (var spec in new Networks.INetworkSpec[] { generator, discriminator })
        {
            using var network = spec.Build("n");
            long actual = network.parameters().Sum(p => p.numel());
            Assert.AreEqual(spec.ParameterCount, (double)actual, spec.ToString());
        }
        // Shapes: flat rows in, flat images or scores out.
        using var g = generator.Build("g");
        using var d = discriminator.Build("d");
        using var rows = g.forward(TorchSharp.torch.randn(2 * packing, 10));
        CollectionAssert.AreEqual(new long[] { 2 * packing, image.Size }, rows.shape);
        using var scores = d.forward(rows);
        CollectionAssert.AreEqual(new long[] { 2, 1 }, scores.shape);
    }

    [TestMethod]
    public void PixelCodec_MapsTheDataRangeToTanhsRangeAndClampsOnTheWayBack()
    {
        var codec = new PixelCodec(new ImageShape(1, 28, 28), 0, 255);
        var decoded = new[] { -1f, 0f, 1f, 1.5f, -3f };
        codec.DecodeInPlace(decoded);
        CollectionAssert.AreEqual(new[] { 0f, 127.5f, 255f, 255f, 0f }, decoded);
        Assert.AreEqual((0f, 255f), codec.Bounds);
    }
}
