package org.projectchat.embedded;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Http;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.hc.core5.http.HttpHost;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@EmbeddedServers({Server.KAFKA, Server.POSTGRES, Server.ELASTICSEARCH, Server.S3, Server.SMTP})
class EmbeddedServersTest {

    @Test
    void kafkaCommitsATransactionAndAReadCommittedConsumerSeesOnlyCommittedRecords(EmbeddedStack stack) throws Exception {
        EmbeddedKafka kafka = stack.kafka();
        kafka.createTopics(List.of(new NewTopic("harness.tx", 1, (short) 1)));
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "harness-tx",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("harness.tx", "p1", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("harness.tx", "p1", "committed"));
            producer.commitTransaction();
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "harness",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("harness.tx"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return !values.isEmpty();
            });
        }
        assertThat(values).containsExactly("committed");
    }

    @Test
    void postgresRunsSql(EmbeddedStack stack) throws Exception {
        stack.postgres().createDatabase("harness");
        stack.postgres().createDatabase("harness"); // idempotent
        try (Connection c = stack.postgres().dataSource("harness").getConnection(); var s = c.createStatement()) {
            s.execute("create table greeting (id serial primary key, text text not null)");
            s.execute("insert into greeting (text) values ('hello'), ('world')");
            ResultSet rs = s.executeQuery("select string_agg(text, ' ' order by id), version() from greeting");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("hello world");
            assertThat(rs.getString(2)).startsWith("PostgreSQL 18");
        }
    }

    record Doc(String body) {
    }

    @Test
    void elasticsearchIndexesAndSearches(EmbeddedStack stack) throws Exception {
        try (Rest5Client rest = Rest5Client.builder(HttpHost.create(stack.elasticsearch().httpUrl())).build();
             var transport = new Rest5ClientTransport(rest, new JacksonJsonpMapper())) {
            var client = new ElasticsearchClient(transport);
            client.indices().create(c -> c.index("harness"));
            client.index(i -> i.index("harness").id("1").document(new Doc("the quick brown fox")).refresh(Refresh.True));
            client.index(i -> i.index("harness").id("2").document(new Doc("lazy dogs sleep")).refresh(Refresh.True));
            var hits = client.search(s -> s.index("harness").query(q -> q.match(m -> m.field("body").query("fox")))
                    .highlight(h -> h.fields(co.elastic.clients.util.NamedValue.of("body", co.elastic.clients.elasticsearch.core.search.HighlightField.of(f -> f)))), Doc.class).hits().hits();
            assertThat(hits).hasSize(1);
            assertThat(hits.getFirst().id()).isEqualTo("1");
            assertThat(hits.getFirst().highlight().get("body")).containsExactly("the quick brown <em>fox</em>");
            assertThat(client.cluster().health().status().jsonValue()).isIn("green", "yellow");
        }
    }

    @Test
    void s3StoresObjectsAndServesPresignedUrls(EmbeddedStack stack) throws Exception {
        MinioClient minio = MinioClient.builder().endpoint(stack.s3().endpoint())
                .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).build();
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket("harness").build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket("harness").build());
        }
        byte[] content = "attachment body".getBytes(StandardCharsets.UTF_8);
        minio.putObject(PutObjectArgs.builder().bucket("harness").object("a/b.txt")
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L).contentType("text/plain").build());
        try (var in = minio.getObject(GetObjectArgs.builder().bucket("harness").object("a/b.txt").build())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Http.Method.GET).bucket("harness").object("a/b.txt").expiry(60).build());
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        HttpResponse<byte[]> tampered = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url.replace("a/b.txt", "a/c.txt"))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tampered.statusCode()).isEqualTo(403);
    }

    @Test
    void smtpCapturesMailReadableOverImap(EmbeddedStack stack) throws Exception {
        EmbeddedSmtp smtp = stack.smtp();
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        Session session = Session.getInstance(props);
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress("chat@projectchat.local"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress("inbox@projectchat.local"));
        mail.setSubject("New message in Data pipeline rebuild");
        mail.setText("Erik: the VPN works now");
        Transport.send(mail);

        assertThat(smtp.receivedMessages()).extracting(MimeMessage::getSubject)
                .contains("New message in Data pipeline rebuild");
        Properties imapProps = new Properties();
        Store store = Session.getInstance(imapProps).getStore("imap");
        store.connect("127.0.0.1", smtp.imapPort(), "inbox@projectchat.local", "inbox");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.getMessages()).extracting(Message::getSubject).contains("New message in Data pipeline rebuild");
        store.close();
    }
}
