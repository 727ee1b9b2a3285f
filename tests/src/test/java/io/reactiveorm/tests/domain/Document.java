package io.reactiveorm.tests.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Transient;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A client-side UUID id and one property of every other supported type. */
@Entity
public class Document {

    public enum Priority { LOW, HIGH }

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    @Column(name = "doc_title", length = 80)
    private String title;

    private byte[] content;
    private LocalDate day;
    private LocalDateTime localAt;
    private OffsetDateTime offsetAt;
    private Boolean flag;
    private short small;
    private double ratio;
    private float weight;
    private char grade;
    private byte level;
    private Priority priority;

    @Transient
    private String scratch;

    public Document() {
    }

    public UUID getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public Document setTitle(String title) {
        this.title = title;
        return this;
    }

    public byte[] getContent() {
        return content;
    }

    public Document setContent(byte[] content) {
        this.content = content;
        return this;
    }

    public LocalDate getDay() {
        return day;
    }

    public Document setDay(LocalDate day) {
        this.day = day;
        return this;
    }

    public LocalDateTime getLocalAt() {
        return localAt;
    }

    public Document setLocalAt(LocalDateTime localAt) {
        this.localAt = localAt;
        return this;
    }

    public OffsetDateTime getOffsetAt() {
        return offsetAt;
    }

    public Document setOffsetAt(OffsetDateTime offsetAt) {
        this.offsetAt = offsetAt;
        return this;
    }

    public Boolean getFlag() {
        return flag;
    }

    public Document setFlag(Boolean flag) {
        this.flag = flag;
        return this;
    }

    public short getSmall() {
        return small;
    }

    public Document setSmall(short small) {
        this.small = small;
        return this;
    }

    public double getRatio() {
        return ratio;
    }

    public Document setRatio(double ratio) {
        this.ratio = ratio;
        return this;
    }

    public float getWeight() {
        return weight;
    }

    public Document setWeight(float weight) {
        this.weight = weight;
        return this;
    }

    public char getGrade() {
        return grade;
    }

    public Document setGrade(char grade) {
        this.grade = grade;
        return this;
    }

    public byte getLevel() {
        return level;
    }

    public Document setLevel(byte level) {
        this.level = level;
        return this;
    }

    public Priority getPriority() {
        return priority;
    }

    public Document setPriority(Priority priority) {
        this.priority = priority;
        return this;
    }

    public String getScratch() {
        return scratch;
    }

    public void setScratch(String scratch) {
        this.scratch = scratch;
    }
}
