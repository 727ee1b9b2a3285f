package io.reactiveorm.tests.naming;

import io.reactiveorm.EntityCollection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Reserved words, mixed case, a double quote and a backtick in every identifier. */
@Entity
@Table(name = "Select \"Order`s")
public class QuotedOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "weird")
    @SequenceGenerator(name = "weird", sequenceName = "Seq \"Of` Orders", allocationSize = 5)
    @Column(name = "Id")
    private Long id;

    @Column(name = "group", nullable = false)
    private String group;

    @Column(name = "Mixed \"Case` Col", unique = true)
    private String mixed;

    @Version
    @Column(name = "order")
    private int version;

    @ManyToOne
    @JoinColumn(name = "User \"Ref`")
    private QuotedUser user;

    @ManyToMany
    @JoinTable(name = "Order \"Watchers` Link", joinColumns = @JoinColumn(name = "from"),
            inverseJoinColumns = @JoinColumn(name = "to"))
    private final EntityCollection<QuotedUser> watchers = new EntityCollection<>(this);

    protected QuotedOrder() {
    }

    public QuotedOrder(String group, String mixed, QuotedUser user) {
        this.group = group;
        this.mixed = mixed;
        this.user = user;
    }

    public Long getId() { return id; }
    public String getGroup() { return group; }
    public void setGroup(String group) { this.group = group; }
    public String getMixed() { return mixed; }
    public int getVersion() { return version; }
    public QuotedUser getUser() { return user; }
    public void setUser(QuotedUser user) { this.user = user; }
    public EntityCollection<QuotedUser> getWatchers() { return watchers; }
}
